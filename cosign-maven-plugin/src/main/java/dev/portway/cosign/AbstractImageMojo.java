package dev.portway.cosign;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on the pushed image. */
abstract class AbstractImageMojo extends AbstractRegistryMojo {

    /** The pushed image, {@code registry/repository:tag}; the image module defines {@code image.name}. */
    @Parameter(property = "cosign.image", defaultValue = "${image.name}", required = true)
    protected String image;

    @Override
    protected final void run() throws IOException, GeneralSecurityException, VerificationException, MojoFailureException {
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        run(reference, client(reference.registry()));
    }

    protected abstract void run(ImageReference image, RegistryClient registry)
            throws IOException, GeneralSecurityException, VerificationException, MojoFailureException;
}

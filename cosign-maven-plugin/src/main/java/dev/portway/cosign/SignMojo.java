package dev.portway.cosign;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Signs the pushed image (the index and each platform manifest) in cosign's legacy format, appending to any
 * existing signatures. Publishes the signed digest as the project property {@code cosign.digest}, which
 * {@code attest} and {@code verify} later in the build pin to.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class SignMojo extends AbstractSigningMojo {

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Override
    protected void run(ImageReference image, RegistryClient registry) throws IOException, GeneralSecurityException, VerificationException {
        ResolvedImage signed = new ImageSigner(registry, privateKey(), getLog()::info).sign(image);
        if (project != null) {
            project.getProperties().setProperty("cosign.digest", signed.digest());
        }
        getLog().info("cosign: " + image + " = " + signed.image().dockerReference() + "@" + signed.digest() + ": signed the image and "
                + signed.platformDigests().size() + " platform manifests");
    }
}

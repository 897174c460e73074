package dev.portway.cosign;

import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build unless the image, each of its platform manifests, and (by default) its CycloneDX
 * attestation carry a valid signature by the public key for this repository and digest.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class VerifyMojo extends AbstractImageMojo {

    /** The PKIX public key file; without it, {@code COSIGN_PUBLIC_KEY} holds the PEM text. */
    @Parameter(property = "cosign.publicKey")
    private File publicKey;

    /** The digest the image must still point at (set by {@code sign} earlier in the build). */
    @Parameter(property = "cosign.digest")
    private String digest;

    @Parameter(property = "cosign.verifyAttestation", defaultValue = "true")
    private boolean verifyAttestation;

    @Override
    protected void run(ImageReference image, RegistryClient registry) throws IOException, GeneralSecurityException, VerificationException {
        PublicKey key = CosignKeys.readPublicKey(KeyMaterial.publicKeyPem(publicKey, env));
        ImageVerifier verifier = new ImageVerifier(registry, key);
        ResolvedImage verified = verifier.verifySignatures(image, digest);
        getLog().info("cosign: signatures verified for " + verified.image().dockerReference() + "@" + verified.digest() + " and "
                + verified.platformDigests().size() + " platform manifests");
        if (verifyAttestation) {
            verifier.verifyAttestation(image, verified.digest(), Payloads.CYCLONEDX_PREDICATE);
            getLog().info("cosign: CycloneDX attestation verified for " + verified.image().dockerReference() + "@" + verified.digest());
        }
    }
}

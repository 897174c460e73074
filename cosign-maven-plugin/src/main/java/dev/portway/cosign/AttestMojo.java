package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Attaches the CycloneDX JSON SBOM to the image as a DSSE-signed in-toto statement ({@code .att}), the form
 * {@code cosign verify-attestation --type cyclonedx} reads. A missing SBOM fails the build: the CycloneDX goal
 * is skipped silently in offline mode, and an unattested release must not pass for an attested one.
 */
@Mojo(name = "attest", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class AttestMojo extends AbstractSigningMojo {

    /** The CycloneDX JSON BOM; by default the reactor's aggregate BOM at the root. */
    @Parameter(property = "cosign.sbom", defaultValue = "${session.topLevelProject.build.directory}/bom.json")
    private File sbom;

    /** The digest to attest; {@code sign} sets it earlier in the build, else the image is resolved now. */
    @Parameter(property = "cosign.digest")
    private String digest;

    @Override
    protected void run(ImageReference image, RegistryClient registry)
            throws IOException, GeneralSecurityException, VerificationException, MojoFailureException {
        JsonNode bom = readBom(sbom);
        String target = digest != null && !digest.isBlank() ? digest : ResolvedImage.resolve(registry, image).digest();
        new ImageSigner(registry, privateKey(), getLog()::info).attest(image, target, Payloads.CYCLONEDX_PREDICATE, bom);
    }

    static JsonNode readBom(File sbom) throws IOException, MojoFailureException {
        if (sbom == null || !sbom.isFile()) {
            throw new MojoFailureException("cosign: SBOM " + sbom + " is missing; the CycloneDX goal did not run"
                    + " (offline builds skip it: run without -o)");
        }
        JsonNode bom = Payloads.JSON.readTree(sbom);
        if (!"CycloneDX".equals(bom.path("bomFormat").asText())) {
            throw new MojoFailureException("cosign: " + sbom + " is not a CycloneDX JSON BOM (bomFormat "
                    + bom.path("bomFormat") + ")");
        }
        return bom;
    }
}

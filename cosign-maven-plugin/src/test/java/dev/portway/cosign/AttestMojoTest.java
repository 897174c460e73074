package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An SBOM that is missing (offline build) or not CycloneDX must stop the release, not be attested. */
class AttestMojoTest {
    @Test
    void missingSbomFailsWithTheReason(@TempDir Path dir) {
        assertThatThrownBy(() -> AttestMojo.readBom(dir.resolve("bom.json").toFile()))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("is missing").hasMessageContaining("offline");
    }

    @Test
    void onlyCycloneDxJsonIsAccepted(@TempDir Path dir) throws Exception {
        Path spdx = Files.writeString(dir.resolve("spdx.json"), "{\"spdxVersion\":\"SPDX-2.3\"}");
        assertThatThrownBy(() -> AttestMojo.readBom(spdx.toFile()))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("not a CycloneDX JSON BOM");
        Path bom = Files.writeString(dir.resolve("bom.json"), "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}");
        assertThat(AttestMojo.readBom(bom.toFile()).path("specVersion").asText()).isEqualTo("1.6");
    }
}

package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {
    @Test
    void passwordFromEnvironmentMayBeEmptyButNotUnset() throws Exception {
        assertThat(KeyMaterial.password(null, Map.of("COSIGN_PASSWORD", ""))).isEmpty();
        assertThat(KeyMaterial.password(null, Map.of("COSIGN_PASSWORD", "pw"))).containsExactly('p', 'w');
        assertThatThrownBy(() -> KeyMaterial.password(null, Map.of())).hasMessageContaining("COSIGN_PASSWORD");
    }

    @Test
    void fileWinsOverEnvironmentAndLosesItsTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        assertThat(new String(KeyMaterial.password(file.toFile(), Map.of("COSIGN_PASSWORD", "env")))).isEqualTo("from-file");
    }

    @Test
    void privateKeyByContentForCi(@TempDir Path dir) throws Exception {
        assertThat(KeyMaterial.privateKeyPem(null, Map.of("COSIGN_PRIVATE_KEY", "PEM"))).isEqualTo("PEM");
        assertThatThrownBy(() -> KeyMaterial.privateKeyPem(null, Map.of())).hasMessageContaining("cosign.key")
                .hasMessageContaining("COSIGN_PRIVATE_KEY");
        assertThatThrownBy(() -> KeyMaterial.publicKeyPem(dir.resolve("absent.pub").toFile(), Map.of("COSIGN_PUBLIC_KEY", "x")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void credentialsFromMavenServersWinOverDockerConfig(@TempDir Path dir) throws Exception {
        String auth = Base64.getEncoder().encodeToString("docker-user:docker-pw".getBytes());
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth + "\"},\"https://reg.example:5000\":{\"username\":\"u\",\"password\":\"p\"},"
                        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}");

        assertThat(RegistryCredentials.lookup("ghcr.io", Map.of(), config))
                .contains(new RegistryCredentials("docker-user", "docker-pw"));
        assertThat(RegistryCredentials.lookup("reg.example:5000", Map.of(), config)).contains(new RegistryCredentials("u", "p"));
        assertThat(RegistryCredentials.lookup("ghcr.io", Map.of("ghcr.io", new RegistryCredentials("m", "mp")), config))
                .contains(new RegistryCredentials("m", "mp"));
        assertThat(RegistryCredentials.lookup("docker.io", Map.of(), config))
                .contains(new RegistryCredentials("docker-user", "docker-pw"));
        assertThat(RegistryCredentials.lookup("quay.io", Map.of(), config)).isEqualTo(Optional.empty());
        assertThat(RegistryCredentials.lookup("ghcr.io", Map.of(), dir.resolve("absent.json"))).isEmpty();
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new RegistryCredentials("user", "hunter2").toString()).contains("user").doesNotContain("hunter2");
    }
}

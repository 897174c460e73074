package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    @Test
    void parsesRegistryRepositoryAndTag() {
        ImageReference r = ImageReference.parse("127.0.0.1:5000/portway/gateway:0.1.0-SNAPSHOT");
        assertThat(r).isEqualTo(new ImageReference("127.0.0.1:5000", "portway/gateway", "0.1.0-SNAPSHOT", null));
        assertThat(r.dockerReference()).isEqualTo("127.0.0.1:5000/portway/gateway");
        assertThat(r.reference()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void digestWinsOverTagAsTheReference() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference r = ImageReference.parse("ghcr.io/o/n:1@" + digest);
        assertThat(r.reference()).isEqualTo(digest);
        assertThat(r.tag()).isEqualTo("1");
        assertThat(r.toString()).isEqualTo("ghcr.io/o/n:1@" + digest);
    }

    @Test
    void missingTagMeansLatest() {
        assertThat(ImageReference.parse("localhost/x").tag()).isEqualTo("latest");
    }

    @Test
    void rejectsNamesWithoutARegistryAndMalformedParts() {
        assertThatThrownBy(() -> ImageReference.parse("portway/gateway:1")).hasMessageContaining("name the registry");
        assertThatThrownBy(() -> ImageReference.parse("gateway:1")).hasMessageContaining("name the registry");
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/Upper/x")).hasMessageContaining("bad repository");
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/x@sha256:12")).hasMessageContaining("digest");
    }

    @Test
    void plainHttpOnlyForLoopbackOrListedRegistries() {
        assertThat(RegistryClient.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(RegistryClient.isLoopback("127.10.0.3")).isTrue();
        assertThat(RegistryClient.isLoopback("localhost:5000")).isTrue();
        assertThat(RegistryClient.isLoopback("[::1]:5000")).isTrue();
        assertThat(RegistryClient.isLoopback("127.0.0.1.nip.io:5000")).isFalse();
        assertThat(RegistryClient.isLoopback("ghcr.io")).isFalse();
        assertThat(RegistryClient.isLoopback("10.0.0.1:5000")).isFalse();
        assertThat(new RegistryClient("ghcr.io", Set.of(), java.util.Optional.empty()).baseUrl()).isEqualTo("https://ghcr.io");
        assertThat(new RegistryClient("reg.lan:5000", Set.of("reg.lan:5000"), java.util.Optional.empty()).baseUrl())
                .isEqualTo("http://reg.lan:5000");
        assertThat(new RegistryClient("[::1]:5000", Set.of(), java.util.Optional.empty()).baseUrl()).isEqualTo("http://[::1]:5000");
        assertThat(new RegistryClient("docker.io", Set.of(), java.util.Optional.empty()).baseUrl())
                .isEqualTo("https://registry-1.docker.io");
    }
}

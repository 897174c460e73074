package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSbomTest {
    private static final String TSV = """
            libc6\t2.41-12+deb13u1\tamd64\tglibc
            libc6\t2.41-12+deb13u1\tarm64\tglibc
            tzdata\t2025b-4+deb13u1\tall\ttzdata
            openjdk-21-jdk-headless\t21.0.9+10-1~deb13u1\tamd64\topenjdk-21
            """;

    @Test
    void oneBomPerArchitectureWithAllPackagesInEach() throws Exception {
        JsonNode maven = Payloads.JSON.readTree("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
                + "\"serialNumber\":\"urn:uuid:993a4df8-d3bf-3e7e-b41a-e18802b0d3da\","
                + "\"components\":[{\"type\":\"library\",\"name\":\"vertx-core\",\"purl\":\"pkg:maven/io.vertx/vertx-core@5.1.6?type=jar\"}]}");

        Map<String, ObjectNode> boms = ImageSbom.merge(maven, ImageSbom.parsePackages(TSV), "debian-13");

        assertThat(boms).containsOnlyKeys("amd64", "arm64");
        assertThat(purls(boms.get("amd64"))).containsExactly(
                "pkg:maven/io.vertx/vertx-core@5.1.6?type=jar",
                "pkg:deb/debian/libc6@2.41-12%2Bdeb13u1?arch=amd64&distro=debian-13",
                "pkg:deb/debian/tzdata@2025b-4%2Bdeb13u1?arch=all&distro=debian-13",
                "pkg:deb/debian/openjdk-21-jdk-headless@21.0.9%2B10-1~deb13u1?arch=amd64&distro=debian-13");
        assertThat(purls(boms.get("arm64"))).containsExactly(
                "pkg:maven/io.vertx/vertx-core@5.1.6?type=jar",
                "pkg:deb/debian/libc6@2.41-12%2Bdeb13u1?arch=arm64&distro=debian-13",
                "pkg:deb/debian/tzdata@2025b-4%2Bdeb13u1?arch=all&distro=debian-13");
        assertThat(boms.get("amd64").at("/components/3/description").asText()).contains("Java runtime");
        assertThat(boms.get("amd64").path("serialNumber")).isNotEqualTo(boms.get("arm64").path("serialNumber"));
        assertThat(maven.path("components")).as("the input BOM is left alone").hasSize(1);
        assertThat(ImageSbom.merge(maven, ImageSbom.parsePackages(TSV), "debian-13")).isEqualTo(boms);
    }

    @Test
    void epochColonIsEscapedInThePurl() {
        assertThat(ImageSbom.encode("1:2.3+b1")).isEqualTo("1%3A2.3%2Bb1");
    }

    private static List<String> purls(JsonNode bom) {
        List<String> out = new ArrayList<>();
        bom.path("components").forEach(c -> out.add(c.path("purl").asText()));
        return out;
    }
}

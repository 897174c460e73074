package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSbomTest {
    static final String TSV = """
            libc6\t2.41-12+deb13u1\tamd64\tglibc
            tzdata\t2025b-4+deb13u1\tall\ttzdata
            openjdk-21-jdk-headless\t21.0.9+10-1~deb13u1\tamd64\topenjdk-21
            """;

    @Test
    void mavenComponentsThenDebianPackagesAsPurls() throws Exception {
        JsonNode maven = Payloads.JSON.readTree("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
                + "\"serialNumber\":\"urn:uuid:993a4df8-d3bf-3e7e-b41a-e18802b0d3da\","
                + "\"components\":[{\"type\":\"library\",\"name\":\"vertx-core\",\"purl\":\"pkg:maven/io.vertx/vertx-core@5.1.6?type=jar\"}]}");

        ObjectNode amd64 = ImageSbom.merge(maven, "amd64", ImageSbom.parsePackages(TSV), "debian-13");

        assertThat(purls(amd64)).containsExactly(
                "pkg:maven/io.vertx/vertx-core@5.1.6?type=jar",
                "pkg:deb/debian/libc6@2.41-12%2Bdeb13u1?arch=amd64&distro=debian-13",
                "pkg:deb/debian/tzdata@2025b-4%2Bdeb13u1?arch=all&distro=debian-13",
                "pkg:deb/debian/openjdk-21-jdk-headless@21.0.9%2B10-1~deb13u1?arch=amd64&distro=debian-13");
        assertThat(amd64.at("/components/3/description").asText()).contains("Java runtime");
        assertThat(amd64.at("/components/1/properties/0/value").asText()).isEqualTo("glibc");
        assertThat(amd64.path("dependencies")).hasSize(3);
        assertThat(maven.path("components")).as("the input BOM is left alone").hasSize(1);
        ObjectNode arm64 = ImageSbom.merge(maven, "arm64", List.of(), "debian-13");
        assertThat(arm64.path("serialNumber")).isNotEqualTo(amd64.path("serialNumber"));
        assertThat(ImageSbom.merge(maven, "amd64", ImageSbom.parsePackages(TSV), "debian-13")).isEqualTo(amd64);
    }

    @Test
    void epochColonIsEscapedInThePurl() {
        assertThat(ImageSbom.encode("1:2.3+b1")).isEqualTo("1%3A2.3%2Bb1");
    }

    /** Layers as GNU tar and pax tar write them, plain and gzip; names with and without "./". */
    @Test
    void findsTheFileInTarLayers(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("usr/share/portway-base"));
        Files.writeString(root.resolve("usr/share/portway-base/packages.tsv"), TSV);
        Path deep = root.resolve("opt/" + "d".repeat(90) + "/" + "e".repeat(30));
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("long.txt"), "long name");

        for (String format : List.of("gnu", "posix")) {
            byte[] tar = tar(dir, root, format, false);
            assertThat(LayerFiles.find(tar, "application/vnd.oci.image.layer.v1.tar", "/" + ImageSbom.PACKAGE_LIST))
                    .get().extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo(TSV);
            String longPath = root.relativize(deep.resolve("long.txt")).toString();
            assertThat(LayerFiles.find(tar, "application/vnd.oci.image.layer.v1.tar", longPath))
                    .get().extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("long name");
            assertThat(LayerFiles.find(tar(dir, root, format, true), "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    ImageSbom.PACKAGE_LIST)).isPresent();
            assertThat(LayerFiles.find(tar, "application/vnd.oci.image.layer.v1.tar", "usr/share/absent")).isEmpty();
        }
    }

    private static byte[] tar(Path dir, Path root, String format, boolean gzip) throws Exception {
        Path out = dir.resolve("layer-" + format + (gzip ? ".tgz" : ".tar"));
        Process p = new ProcessBuilder("tar", "--format=" + format, gzip ? "-czf" : "-cf", out.toString(), "-C", root.toString(), ".")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        return Files.readAllBytes(out);
    }

    private static List<String> purls(JsonNode bom) {
        List<String> out = new ArrayList<>();
        bom.path("components").forEach(c -> out.add(c.path("purl").asText()));
        return out;
    }
}

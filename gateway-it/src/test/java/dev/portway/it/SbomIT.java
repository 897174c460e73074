package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.it.support.BuildInfo;
import dev.portway.it.support.Http;
import dev.portway.it.support.ImageFiles;
import dev.portway.it.support.Images;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: the CycloneDX SBOM inside the image (at the path its {@code dev.portway.image.sbom} label
 * names) describes what the image holds and agrees with the Maven SBOM of the same build
 * ({@code target/bom.json} at the root, docs/supply-chain.md).
 */
class SbomIT {
  private static final String SBOM_LABEL = "dev.portway.image.sbom";
  /** Where the image keeps the gateway's jars (gateway-image's Dockerfile, docs/image.md). */
  private static final String APP_DIR = "/opt/portway";
  /** Where the air-gapped runtime base lists its Debian packages (scripts/lib/build-bases.sh). */
  private static final String BASE_PACKAGES = "/usr/share/portway-base/packages.tsv";

  private static ImageFiles files;
  private static JsonNode imageSbom;

  @BeforeAll
  static void readImageSbom() throws IOException {
    String path = Images.inspect(BuildInfo.image()).getConfig().getLabels().get(SBOM_LABEL);
    assertThat(path).as("label %s of %s", SBOM_LABEL, BuildInfo.image()).isNotBlank();
    files = new ImageFiles(BuildInfo.image());
    imageSbom = Http.JSON.readTree(files.read(path));
  }

  @AfterAll
  static void removeContainer() {
    if (files != null) {
      files.close();
    }
  }

  @Test
  void theImageSbomListsEveryComponentOfTheMavenSbom() throws IOException {
    JsonNode mavenSbom = Http.JSON.readTree(Files.readString(BuildInfo.mavenBom()));

    assertThat(imageSbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    Set<String> mavenPurls = purls(mavenSbom, "pkg:maven/");
    assertThat(mavenPurls).as("Maven SBOM components").isNotEmpty();
    assertThat(purls(imageSbom, "pkg:maven/")).as("Java components of the image SBOM")
        .isEqualTo(mavenPurls);
  }

  @Test
  void everyJarInTheImageIsAComponentOfItsSbom() {
    Set<String> jarsOfComponents = new HashSet<>();
    for (String purl : purls(imageSbom, "pkg:maven/")) {
      jarsOfComponents.add(jarName(purl));
    }
    List<String> shipped = files.list(APP_DIR + "/lib");

    assertThat(shipped).as("jars in %s/lib", APP_DIR).isNotEmpty();
    assertThat(jarsOfComponents).containsAll(shipped);
    // The application jar is gateway-server under the name portway.jar.
    assertThat(files.list(APP_DIR)).contains("portway.jar");
    assertThat(purls(imageSbom, "pkg:maven/dev.portway/gateway-server@" + BuildInfo.version())).hasSize(1);
  }

  @Test
  void everyDebianPackageOfTheRuntimeBaseIsAComponentWithTheImagesArchitecture() {
    String arch = Images.inspect(BuildInfo.image()).getArch();
    Set<String> inSbom = purls(imageSbom, "pkg:deb/").stream()
        .map(SbomIT::debKey)
        .collect(Collectors.toSet());
    List<String> packages = new String(files.read(BASE_PACKAGES), StandardCharsets.UTF_8).lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();

    assertThat(packages).as(BASE_PACKAGES).isNotEmpty();
    for (String line : packages) {
      String[] fields = line.split("\t");
      assertThat(fields[2]).as("architecture of %s", fields[0]).isIn(arch, "all");
      assertThat(inSbom).as("SBOM entry for Debian package %s", fields[0])
          .contains(fields[0] + "@" + fields[1] + "?" + fields[2]);
    }
  }

  private static Set<String> purls(JsonNode bom, String prefix) {
    Set<String> purls = new TreeSet<>();
    for (JsonNode component : bom.path("components")) {
      String purl = component.path("purl").asText();
      if (purl.startsWith(prefix)) {
        purls.add(purl);
      }
    }
    return purls;
  }

  /** {@code pkg:maven/G/A@V?classifier=C&type=jar} → {@code A-V-C.jar}, the file name Maven gives it. */
  private static String jarName(String purl) {
    String coordinates = purl.substring("pkg:maven/".length());
    String qualifiers = coordinates.contains("?") ? coordinates.substring(coordinates.indexOf('?') + 1) : "";
    coordinates = coordinates.contains("?") ? coordinates.substring(0, coordinates.indexOf('?')) : coordinates;
    String artifact = coordinates.substring(coordinates.indexOf('/') + 1, coordinates.indexOf('@'));
    String version = coordinates.substring(coordinates.indexOf('@') + 1);
    String classifier = "";
    for (String qualifier : qualifiers.split("&")) {
      if (qualifier.startsWith("classifier=")) {
        classifier = "-" + qualifier.substring("classifier=".length());
      }
    }
    return decode(artifact) + "-" + decode(version) + decode(classifier) + ".jar";
  }

  /** {@code pkg:deb/debian/N@V?arch=A&distro=D} → {@code N@V?A}, decoded. */
  private static String debKey(String purl) {
    String rest = purl.substring("pkg:deb/debian/".length());
    String nameVersion = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
    String arch = "";
    for (String qualifier : rest.substring(rest.indexOf('?') + 1).split("&")) {
      if (qualifier.startsWith("arch=")) {
        arch = qualifier.substring("arch=".length());
      }
    }
    return decode(nameVersion.substring(0, nameVersion.indexOf('@'))) + "@"
        + decode(nameVersion.substring(nameVersion.indexOf('@') + 1)) + "?" + decode(arch);
  }

  private static String decode(String purlPart) {
    return URLDecoder.decode(purlPart.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}

package dev.portway.it.support;

import java.nio.file.Path;

/**
 * What the Maven build tells the tests through failsafe system properties (see gateway-it/pom.xml):
 * the image it built, its version and git revision, and where the aggregate SBOM lies. Never hard-coded
 * here, so the suite always tests the image of the same reactor run.
 */
public final class BuildInfo {
  private BuildInfo() {}

  /** The native-platform gateway image built by gateway-image at {@code package} ({@code image.name}). */
  public static String image() {
    return required("portway.image");
  }

  /** {@code project.version} of the reactor. */
  public static String version() {
    return required("portway.version");
  }

  /**
   * The git commit the image was built from: gateway-image's {@code git.commit.id} in a reactor run,
   * else (this module run alone) the {@code HEAD} this module saw.
   */
  public static String revision() {
    return resolved("portway.revision") ? required("portway.revision") : required("portway.headRevision");
  }

  /** The root {@code target/bom.json} written by the CycloneDX aggregate goal. */
  public static Path mavenBom() {
    return Path.of(required("portway.mavenBom"));
  }

  private static boolean resolved(String name) {
    String value = System.getProperty(name);
    return value != null && !value.isBlank() && !value.contains("${");
  }

  private static String required(String name) {
    String value = System.getProperty(name);
    if (!resolved(name)) {
      throw new IllegalStateException("system property " + name + " is not set by the build (got " + value
          + "); run the suite through Maven: ./mvnw -pl gateway-it -am verify");
    }
    return value;
  }
}

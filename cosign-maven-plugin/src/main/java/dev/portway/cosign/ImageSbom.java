package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The image's SBOM for one platform: the Maven BOM's components plus the Debian packages of the air-gapped base
 * (as {@code pkg:deb/debian/...} purls), so OS packages, the JRE's source package and Java dependencies appear in
 * one document.
 */
public final class ImageSbom {
    /** The jlinked JRE is built from this package's jmods; it is named so that a reader finds the JRE. */
    private static final Pattern JDK_PACKAGE = Pattern.compile("openjdk-\\d+-jdk-headless");

    /** A line of the bases' packages.tsv: name, version, architecture, source package. */
    public record DebPackage(String name, String version, String arch, String source) {
        static DebPackage parse(String line) {
            String[] f = line.split("\t");
            if (f.length < 3) {
                throw new IllegalArgumentException("package list line needs name, version, arch: '" + line + "'");
            }
            return new DebPackage(f[0], f[1], f[2], f.length > 3 && !f[3].isBlank() ? f[3] : f[0]);
        }

        String purl(String distro) {
            return "pkg:deb/debian/" + encode(name) + "@" + encode(version) + "?arch=" + encode(arch) + "&distro=" + encode(distro);
        }
    }

    private ImageSbom() {}

    public static List<DebPackage> parsePackages(String tsv) {
        List<DebPackage> out = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(DebPackage.parse(line.strip()));
            }
        }
        return out;
    }

    /** Where the air-gapped bases record their Debian packages (scripts/lib/build-bases.sh). */
    public static final String PACKAGE_LIST = "usr/share/portway-base/packages.tsv";

    /**
     * The package list inside {@code base} for one architecture, read from the registry: the platform's
     * manifest, then its layers from the top down (an upper layer's copy of the file wins).
     */
    public static List<DebPackage> packagesOf(RegistryClient registry, ImageReference base, String arch)
            throws IOException, VerificationException {
        RegistryClient.Manifest manifest = registry.manifest(base.repository(), base.reference())
                .orElseThrow(() -> new VerificationException("base image " + base + " not found"));
        if (manifest.isIndex()) {
            String digest = null;
            for (JsonNode entry : manifest.json().path("manifests")) {
                if (arch.equals(entry.at("/platform/architecture").asText()) && "linux".equals(entry.at("/platform/os").asText())) {
                    digest = entry.path("digest").asText();
                }
            }
            if (digest == null) {
                throw new VerificationException("base image " + base + " has no linux/" + arch + " manifest");
            }
            manifest = registry.manifest(base.repository(), digest).orElseThrow();
        }
        JsonNode layers = manifest.json().path("layers");
        for (int i = layers.size() - 1; i >= 0; i--) {
            JsonNode layer = layers.get(i);
            var file = LayerFiles.find(registry.blob(base.repository(), layer.path("digest").asText()),
                    layer.path("mediaType").asText(), PACKAGE_LIST);
            if (file.isPresent()) {
                return parsePackages(new String(file.get(), StandardCharsets.UTF_8));
            }
        }
        throw new VerificationException("base image " + base + " (linux/" + arch + ") has no /" + PACKAGE_LIST);
    }

    /**
     * The image SBOM of one platform: a copy of the Maven BOM with {@code packages} added; its serial number is
     * derived from the Maven BOM's and the platform, so the same inputs give the same document.
     */
    public static ObjectNode merge(JsonNode mavenBom, String arch, List<DebPackage> packages, String distro) {
        ObjectNode bom = mavenBom.deepCopy();
        String seed = mavenBom.path("serialNumber").asText() + "/" + arch;
        bom.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)));
        ArrayNode components = bom.has("components") ? (ArrayNode) bom.get("components") : bom.putArray("components");
        ArrayNode dependencies = bom.has("dependencies") ? (ArrayNode) bom.get("dependencies") : bom.putArray("dependencies");
        for (DebPackage p : packages) {
            String purl = p.purl(distro);
            ObjectNode c = components.addObject();
            c.put("type", "library");
            c.put("bom-ref", purl);
            c.put("name", p.name());
            c.put("version", p.version());
            if (JDK_PACKAGE.matcher(p.name()).matches()) {
                c.put("description", "Java runtime of the image: jlinked from this package's jmods");
            }
            c.put("purl", purl);
            c.putArray("properties").addObject().put("name", "portway:deb:source").put("value", p.source());
            dependencies.addObject().put("ref", purl).putArray("dependsOn");
        }
        return bom;
    }

    /** purl percent-encoding: everything but unreserved characters (so {@code +} and the epoch's {@code :} are escaped). */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}

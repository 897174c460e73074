package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cosign's legacy storage: per signed digest an OCI image manifest tagged {@code sha256-<hex>.sig} (or
 * {@code .att}) whose layers are the signed payloads, each with its signature in an annotation.
 */
public final class SignatureStore {
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** go-containerregistry's zero time, which cosign leaves in the config unless asked to record a timestamp. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** One layer of a signature manifest: descriptor fields plus the payload it points at. */
    public record Layer(String mediaType, String digest, byte[] payload, Map<String, String> annotations) {}

    /** Tells whether a stored layer already says what the new one would (re-runs then add nothing). */
    @FunctionalInterface
    public interface Equivalent {
        boolean test(Layer existing);
    }

    private final RegistryClient registry;

    public SignatureStore(RegistryClient registry) {
        this.registry = registry;
    }

    /** The layers stored for {@code digest} under {@code suffix} (".sig"/".att"); empty when there is no tag. */
    public Optional<List<Layer>> layers(String repository, String digest, String suffix) throws IOException, VerificationException {
        Optional<RegistryClient.Manifest> manifest = registry.manifest(repository, Sha256.tagFor(digest, suffix));
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        List<Layer> out = new ArrayList<>();
        for (JsonNode d : manifest.get().json().path("layers")) {
            Map<String, String> annotations = Payloads.JSON.convertValue(d.path("annotations"),
                    Payloads.JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            out.add(new Layer(d.path("mediaType").asText(), d.path("digest").asText(),
                    registry.blob(repository, d.path("digest").asText()), annotations == null ? Map.of() : annotations));
        }
        return Optional.of(out);
    }

    /**
     * Appends {@code layer} to the manifest for {@code digest}, keeping every existing layer (other signers'
     * signatures stay valid). Returns false when an equivalent layer is already there.
     */
    public boolean append(String repository, String digest, String suffix, Layer layer, Equivalent equivalent)
            throws IOException, VerificationException {
        List<Layer> layers = new ArrayList<>(layers(repository, digest, suffix).orElse(List.of()));
        for (Layer existing : layers) {
            if (equivalent.test(existing)) {
                return false;
            }
        }
        layers.add(layer);
        ArrayNode descriptors = Payloads.JSON.createArrayNode();
        ArrayNode diffIds = Payloads.JSON.createArrayNode();
        ArrayNode history = Payloads.JSON.createArrayNode();
        for (Layer l : layers) {
            registry.pushBlob(repository, l.payload());
            ObjectNode d = descriptors.addObject();
            d.put("mediaType", l.mediaType());
            d.put("size", l.payload().length);
            d.put("digest", l.digest());
            ObjectNode annotations = d.putObject("annotations");
            l.annotations().forEach(annotations::put);
            // Layers are stored uncompressed, so the diff id is the blob digest.
            diffIds.add(l.digest());
            history.addObject().put("created", ZERO_TIME);
        }
        ObjectNode config = Payloads.JSON.createObjectNode();
        config.put("architecture", "");
        config.put("created", ZERO_TIME);
        config.set("history", history);
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        config.putObject("config");
        byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, configBytes);

        ObjectNode manifest = Payloads.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", RegistryClient.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", OCI_CONFIG).put("size", configBytes.length).put("digest", configDigest);
        manifest.set("layers", descriptors);
        registry.putManifest(repository, Sha256.tagFor(digest, suffix), manifest.toString().getBytes(StandardCharsets.UTF_8),
                RegistryClient.OCI_MANIFEST);
        return true;
    }
}

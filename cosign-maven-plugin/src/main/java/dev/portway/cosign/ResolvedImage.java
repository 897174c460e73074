package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a reference points at now: the top-level manifest digest and, for an index, each entry's digest. */
public record ResolvedImage(ImageReference image, String digest, List<String> platformDigests) {

    public static ResolvedImage resolve(RegistryClient registry, ImageReference image)
            throws IOException, VerificationException {
        RegistryClient.Manifest top = registry.manifest(image.repository(), image.reference())
                .orElseThrow(() -> new VerificationException("image " + image + " not found in the registry"));
        if (image.digest() != null && !image.digest().equals(top.digest())) {
            throw new VerificationException("image " + image + ": registry served content with digest " + top.digest());
        }
        List<String> children = new ArrayList<>();
        if (top.isIndex()) {
            for (JsonNode entry : top.json().path("manifests")) {
                children.add(entry.path("digest").asText());
            }
        }
        return new ResolvedImage(image, top.digest(), List.copyOf(children));
    }

    /** The index first, then each platform manifest: every digest a pull by tag or by platform can land on. */
    public List<String> allDigests() {
        List<String> all = new ArrayList<>();
        all.add(digest);
        all.addAll(platformDigests);
        return all;
    }
}

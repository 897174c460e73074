package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks what {@code cosign verify --key} checks, plus the identity (containers/image's policy check): the
 * signed payload must name this repository and this digest, so a signature copied to another image or
 * repository does not count.
 */
public final class ImageVerifier {
    private final RegistryClient registry;
    private final SignatureStore store;
    private final PublicKey publicKey;

    public ImageVerifier(RegistryClient registry, PublicKey publicKey) {
        this.registry = registry;
        this.store = new SignatureStore(registry);
        this.publicKey = publicKey;
    }

    /**
     * Verifies the image the reference points at now and every platform manifest of it. With
     * {@code expectedDigest}, the reference must still point at that digest (a tag pushed over after signing fails).
     */
    public ResolvedImage verifySignatures(ImageReference image, String expectedDigest) throws IOException, VerificationException {
        ResolvedImage resolved = ResolvedImage.resolve(registry, image);
        if (expectedDigest != null && !expectedDigest.isBlank() && !expectedDigest.equals(resolved.digest())) {
            throw new VerificationException("image " + image + " now points at " + resolved.digest()
                    + ", not at the signed " + expectedDigest + " (tag pushed over?)");
        }
        for (String digest : resolved.allDigests()) {
            verifySignature(image, digest);
        }
        return resolved;
    }

    private void verifySignature(ImageReference image, String digest) throws IOException, VerificationException {
        List<SignatureStore.Layer> layers = stored(image, digest, ".sig", "signature");
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Optional<String> problem = signatureProblem(image, digest, layers.get(i));
            if (problem.isEmpty()) {
                return;
            }
            reasons.add("signature " + (i + 1) + ": " + problem.get());
        }
        throw new VerificationException("image " + image.dockerReference() + "@" + digest + ": no valid signature among "
                + layers.size() + " (" + String.join("; ", reasons) + ")");
    }

    private Optional<String> signatureProblem(ImageReference image, String digest, SignatureStore.Layer layer)
            throws VerificationException {
        if (!SignatureStore.SIMPLE_SIGNING.equals(layer.mediaType())) {
            return Optional.of("media type " + layer.mediaType() + ", expected " + SignatureStore.SIMPLE_SIGNING);
        }
        String b64 = layer.annotations().get(SignatureStore.SIGNATURE_ANNOTATION);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(b64 == null ? "" : b64);
        } catch (IllegalArgumentException e) {
            return Optional.of("signature annotation is not base64");
        }
        if (!Payloads.verify(publicKey, layer.payload(), signature)) {
            return Optional.of("signature does not verify with the public key (wrong key or payload changed)");
        }
        JsonNode critical = Payloads.parse(layer.payload(), "signed payload").path("critical");
        String type = critical.path("type").asText();
        String signedDigest = critical.path("image").path("docker-manifest-digest").asText();
        String signedReference = critical.path("identity").path("docker-reference").asText();
        if (!Payloads.SIGNATURE_TYPE.equals(type)) {
            return Optional.of("payload type '" + type + "'");
        }
        if (!digest.equals(signedDigest)) {
            return Optional.of("signs digest " + signedDigest + ", not this image");
        }
        if (!image.dockerReference().equals(signedReference)) {
            return Optional.of("signed for repository " + signedReference + ", expected " + image.dockerReference());
        }
        return Optional.empty();
    }

    /** Verifies that {@code digest} carries an attestation of {@code predicateType} signed with the key. */
    public JsonNode verifyAttestation(ImageReference image, String digest, String predicateType)
            throws IOException, VerificationException {
        List<SignatureStore.Layer> layers = stored(image, digest, ".att", "attestation");
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            SignatureStore.Layer layer = layers.get(i);
            String problem;
            if (!SignatureStore.DSSE_ENVELOPE.equals(layer.mediaType())) {
                problem = "media type " + layer.mediaType();
            } else {
                try {
                    JsonNode statement = Payloads.parse(DsseEnvelope.open(layer.payload(), publicKey), "in-toto statement");
                    problem = statementProblem(image, digest, predicateType, statement);
                    if (problem == null) {
                        return statement.path("predicate");
                    }
                } catch (VerificationException e) {
                    problem = e.getMessage();
                }
            }
            reasons.add("attestation " + (i + 1) + ": " + problem);
        }
        throw new VerificationException("image " + image.dockerReference() + "@" + digest + ": no valid " + predicateType
                + " attestation among " + layers.size() + " (" + String.join("; ", reasons) + ")");
    }

    private static String statementProblem(ImageReference image, String digest, String predicateType, JsonNode statement) {
        if (!predicateType.equals(statement.path("predicateType").asText())) {
            return "predicate type " + statement.path("predicateType").asText();
        }
        String hex = digest.substring("sha256:".length());
        for (JsonNode subject : statement.path("subject")) {
            if (hex.equals(subject.path("digest").path("sha256").asText())
                    && image.dockerReference().equals(subject.path("name").asText())) {
                return null;
            }
        }
        return "no subject names " + image.dockerReference() + "@" + digest;
    }

    private List<SignatureStore.Layer> stored(ImageReference image, String digest, String suffix, String what)
            throws IOException, VerificationException {
        List<SignatureStore.Layer> layers = store.layers(image.repository(), digest, suffix).orElseThrow(() ->
                new VerificationException("image " + image.dockerReference() + "@" + digest + " has no " + what + " (no tag "
                        + Sha256.tagFor(digest, suffix) + ")"));
        if (layers.isEmpty()) {
            throw new VerificationException("image " + image.dockerReference() + "@" + digest + ": " + what + " manifest is empty");
        }
        return layers;
    }
}

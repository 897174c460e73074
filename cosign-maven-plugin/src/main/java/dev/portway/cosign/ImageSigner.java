package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/** Writes cosign signatures ({@code .sig}) and attestations ({@code .att}) for images in one registry. */
public final class ImageSigner {
    private final RegistryClient registry;
    private final SignatureStore store;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Consumer<String> log;

    public ImageSigner(RegistryClient registry, PrivateKey privateKey, Consumer<String> log) throws GeneralSecurityException {
        this.registry = registry;
        this.store = new SignatureStore(registry);
        this.privateKey = privateKey;
        this.publicKey = CosignKeys.publicKeyOf(privateKey);
        this.log = log;
    }

    /** Signs the manifest the reference points at and, for an index, every platform manifest in it. */
    public ResolvedImage sign(ImageReference image) throws IOException, GeneralSecurityException, VerificationException {
        ResolvedImage resolved = ResolvedImage.resolve(registry, image);
        for (String digest : resolved.allDigests()) {
            signDigest(image, digest);
        }
        return resolved;
    }

    /** Signs one digest of {@code image}'s repository; public so tests can forge the mix-ups verify must catch. */
    public void signDigest(ImageReference image, String digest) throws IOException, GeneralSecurityException, VerificationException {
        byte[] payload = Payloads.simpleSigning(image.dockerReference(), digest);
        String signature = Base64.getEncoder().encodeToString(Payloads.sign(privateKey, payload));
        SignatureStore.Layer layer = new SignatureStore.Layer(SignatureStore.SIMPLE_SIGNING, Sha256.digest(payload), payload,
                Map.of(SignatureStore.SIGNATURE_ANNOTATION, signature));
        boolean added = store.append(image.repository(), digest, ".sig", layer, existing ->
                Arrays.equals(existing.payload(), payload)
                        && Payloads.verify(publicKey, payload, decode(existing.annotations().get(SignatureStore.SIGNATURE_ANNOTATION))));
        log.accept((added ? "signed " : "already signed with this key: ") + image.dockerReference() + "@" + digest);
    }

    /**
     * Attaches {@code predicate} as a DSSE-signed in-toto statement to {@code digest}, as {@code cosign attest}
     * does: layer = envelope, signature annotation empty (the signature is inside), {@code predicateType} annotation.
     */
    public void attest(ImageReference image, String digest, String predicateType, JsonNode predicate)
            throws IOException, GeneralSecurityException, VerificationException {
        byte[] statement = Payloads.statement(image.dockerReference(), digest, predicateType, predicate);
        byte[] signature = Payloads.sign(privateKey, Payloads.pae(Payloads.IN_TOTO_PAYLOAD_TYPE, statement));
        byte[] envelope = Payloads.envelope(Payloads.IN_TOTO_PAYLOAD_TYPE, statement, signature);
        SignatureStore.Layer layer = new SignatureStore.Layer(SignatureStore.DSSE_ENVELOPE, Sha256.digest(envelope), envelope,
                Map.of(SignatureStore.SIGNATURE_ANNOTATION, "", "predicateType", predicateType));
        boolean added = store.append(image.repository(), digest, ".att", layer, existing -> {
            try {
                return Arrays.equals(DsseEnvelope.open(existing.payload(), publicKey), statement);
            } catch (VerificationException notOurs) {
                return false;
            }
        });
        log.accept((added ? "attested " : "already attested with this key: ") + predicateType + " for "
                + image.dockerReference() + "@" + digest);
    }

    private static byte[] decode(String b64) {
        try {
            return b64 == null ? new byte[0] : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}

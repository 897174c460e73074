package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** The signed documents: cosign's simple-signing payload, in-toto statements and their DSSE envelopes. */
public final class Payloads {
    public static final String SIGNATURE_TYPE = "cosign container image signature";
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String IN_TOTO_STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
    public static final String CYCLONEDX_PREDICATE = "https://cyclonedx.org/bom";

    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    /**
     * The bytes cosign signs for an image: field order and {@code "optional":null} as cosign marshals them, so
     * the signature verifies against this exact text. {@code dockerReference} is {@code registry/repository}.
     */
    public static byte[] simpleSigning(String dockerReference, String manifestDigest) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest);
        critical.put("type", SIGNATURE_TYPE);
        root.putNull("optional");
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An in-toto v0.1 statement about one image, as {@code cosign attest --type cyclonedx} writes it. */
    public static byte[] statement(String subjectName, String manifestDigest, String predicateType, JsonNode predicate) {
        ObjectNode root = JSON.createObjectNode();
        root.put("_type", IN_TOTO_STATEMENT_V01);
        root.put("predicateType", predicateType);
        ObjectNode subject = root.putArray("subject").addObject();
        subject.put("name", subjectName);
        subject.putObject("digest").put("sha256", manifestDigest.substring("sha256:".length()));
        root.set("predicate", predicate);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** DSSE pre-authentication encoding: what a DSSE signature covers instead of the bare payload. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    /** A DSSE envelope with one signature; {@code keyid} is empty as cosign leaves it for key-based signing. */
    public static byte[] envelope(String payloadType, byte[] payload, byte[] signature) {
        ObjectNode root = JSON.createObjectNode();
        root.put("payloadType", payloadType);
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        root.putArray("signatures").addObject().put("keyid", "").put("sig", Base64.getEncoder().encodeToString(signature));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode parse(byte[] json, String what) throws VerificationException {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new VerificationException(what + " is not JSON: " + e.getMessage());
        }
    }

    /** ECDSA P-256 with SHA-256, ASN.1 DER signature: the format of cosign's signature annotation. */
    public static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A malformed DER signature is as bad as a wrong one.
            return false;
        }
    }
}

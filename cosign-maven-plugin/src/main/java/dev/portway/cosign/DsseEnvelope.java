package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.Base64;

/** Opening a DSSE envelope: the statement counts only if one signature over its PAE verifies. */
final class DsseEnvelope {
    private DsseEnvelope() {}

    static byte[] open(byte[] envelope, PublicKey key) throws VerificationException {
        JsonNode root = Payloads.parse(envelope, "DSSE envelope");
        String type = root.path("payloadType").asText();
        if (!Payloads.IN_TOTO_PAYLOAD_TYPE.equals(type)) {
            throw new VerificationException("DSSE payloadType is '" + type + "', expected " + Payloads.IN_TOTO_PAYLOAD_TYPE);
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(root.path("payload").asText());
        } catch (IllegalArgumentException e) {
            throw new VerificationException("DSSE payload is not base64");
        }
        byte[] pae = Payloads.pae(type, payload);
        for (JsonNode sig : root.path("signatures")) {
            try {
                if (Payloads.verify(key, pae, Base64.getDecoder().decode(sig.path("sig").asText()))) {
                    return payload;
                }
            } catch (IllegalArgumentException notBase64) {
                // try the next signature
            }
        }
        throw new VerificationException("no DSSE signature verifies with the public key");
    }
}

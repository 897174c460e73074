package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void simpleSigningPayloadIsCosignsExactBytes() {
        assertThat(new String(Payloads.simpleSigning("ghcr.io/portway-dev/portway", DIGEST), StandardCharsets.UTF_8))
                .isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/portway-dev/portway\"},"
                        + "\"image\":{\"docker-manifest-digest\":\"sha256:0123456789abcdef0123456789abcdef"
                        + "0123456789abcdef0123456789abcdef\"},\"type\":\"cosign container image signature\"},"
                        + "\"optional\":null}");
    }

    /** The example of the DSSE specification (protocol.md). */
    @Test
    void paeMatchesTheDsseSpecificationExample() {
        assertThat(new String(Payloads.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void paeCountsBytesNotCharacters() {
        byte[] payload = "{\"é\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(Payloads.pae(Payloads.IN_TOTO_PAYLOAD_TYPE, payload), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 28 application/vnd.in-toto+json 8 {\"é\":1}");
    }

    @Test
    void statementIsInTotoV01WithTheImageAsSubject() {
        var bom = Payloads.JSON.createObjectNode().put("bomFormat", "CycloneDX");
        assertThat(new String(Payloads.statement("127.0.0.1:5000/portway/gateway", DIGEST, Payloads.CYCLONEDX_PREDICATE, bom),
                StandardCharsets.UTF_8)).isEqualTo("{\"_type\":\"https://in-toto.io/Statement/v0.1\","
                        + "\"predicateType\":\"https://cyclonedx.org/bom\",\"subject\":[{\"name\":\"127.0.0.1:5000/portway/gateway\","
                        + "\"digest\":{\"sha256\":\"" + DIGEST.substring(7) + "\"}}],\"predicate\":{\"bomFormat\":\"CycloneDX\"}}");
    }

    @Test
    void envelopeOpensOnlyWithTheSigningKey() throws Exception {
        KeyPair signer = CosignKeys.generate();
        byte[] statement = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] sig = Payloads.sign(signer.getPrivate(), Payloads.pae(Payloads.IN_TOTO_PAYLOAD_TYPE, statement));
        byte[] envelope = Payloads.envelope(Payloads.IN_TOTO_PAYLOAD_TYPE, statement, sig);

        assertThat(DsseEnvelope.open(envelope, signer.getPublic())).isEqualTo(statement);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DsseEnvelope.open(envelope, CosignKeys.generate().getPublic()))
                .isInstanceOf(VerificationException.class).hasMessageContaining("no DSSE signature verifies");
        // A signature over the bare payload (not the PAE) must not count.
        byte[] bare = Payloads.envelope(Payloads.IN_TOTO_PAYLOAD_TYPE, statement, Payloads.sign(signer.getPrivate(), statement));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DsseEnvelope.open(bare, signer.getPublic()))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void signatureCoversTheExactBytes() throws Exception {
        KeyPair pair = CosignKeys.generate();
        byte[] payload = Payloads.simpleSigning("r.example/a", DIGEST);
        byte[] sig = Payloads.sign(pair.getPrivate(), payload);
        assertThat(Payloads.verify(pair.getPublic(), payload, sig)).isTrue();
        payload[payload.length - 2] = ' ';
        assertThat(Payloads.verify(pair.getPublic(), payload, sig)).isFalse();
        assertThat(Payloads.verify(pair.getPublic(), payload, new byte[] {0x30, 0x01})).isFalse();
    }

    @Test
    void signatureTagFollowsCosignsNaming() {
        assertThat(Sha256.tagFor(DIGEST, ".sig")).isEqualTo("sha256-" + DIGEST.substring(7) + ".sig");
        assertThat(Sha256.digest("hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }
}

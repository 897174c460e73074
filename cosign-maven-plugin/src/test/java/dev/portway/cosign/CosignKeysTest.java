package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CosignKeysTest {
    private static final char[] HELLO = "hello".toCharArray();

    static String resource(String name) throws IOException {
        try (InputStream in = CosignKeysTest.class.getResourceAsStream("/cosign/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void decryptsPkcs8KeyWrittenByCosign() throws Exception {
        PrivateKey key = CosignKeys.decryptPrivateKey(resource("p256-pkcs8-hello.key"), HELLO);
        assertThat(CosignKeys.publicKeyPem(CosignKeys.publicKeyOf(key))).isEqualTo(resource("p256-pkcs8-hello.pub"));
    }

    @Test
    void readsTheSigstoreLabelToo() throws Exception {
        PrivateKey key = CosignKeys.decryptPrivateKey(resource("sigstore-label-hello.key"), HELLO);
        assertThat(CosignKeys.publicKeyPem(CosignKeys.publicKeyOf(key))).isEqualTo(resource("sigstore-label-hello.pub"));
    }

    /** Old cosign sealed SEC1 keys (N=65536 here): the box opens, though only PKCS#8 is accepted for signing. */
    @Test
    void opensSec1KeyWrittenByCosignWithN65536() throws Exception {
        String pem = resource("ec-sec1-hello.key");
        assertThat(Payloads.JSON.readTree(Pem.decode(pem).der()).at("/kdf/params/N").asInt()).isEqualTo(65536);

        ECPrivateKey sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(CosignKeys.decryptPrivateKeyDer(pem, HELLO)));
        assertThat(sec1.getParametersObject()).isEqualTo(SECObjectIdentifiers.secp256r1);
        KeyFactory ec = KeyFactory.getInstance("EC");
        PublicKey expected = CosignKeys.readPublicKey(resource("ec-sec1-hello.pub"));
        PrivateKey asJca = ec.generatePrivate(new ECPrivateKeySpec(sec1.getKey(), ((ECPublicKey) expected).getParams()));
        assertThat(CosignKeys.publicKeyOf(asJca).getEncoded()).isEqualTo(expected.getEncoded());
        assertThatThrownBy(() -> CosignKeys.decryptPrivateKey(pem, HELLO)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> CosignKeys.decryptPrivateKeyDer(resource("p256-pkcs8-hello.key"), "hellO".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("wrong password");
    }

    @Test
    void otherPemTypesAreRejected() {
        String pem = Pem.encode("PRIVATE KEY", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> CosignKeys.decryptPrivateKeyDer(pem, HELLO))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("PEM type PRIVATE KEY");
    }

    @Test
    void roundTripWritesCosignFormat() throws Exception {
        KeyPair pair = CosignKeys.generate();
        String pem = CosignKeys.encryptPrivateKey(pair.getPrivate(), "s3cret".toCharArray());

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n")
                .endsWith("-----END ENCRYPTED COSIGN PRIVATE KEY-----\n");
        JsonNode body = Payloads.JSON.readTree(Pem.decode(pem).der());
        assertThat(body.at("/kdf/name").asText()).isEqualTo("scrypt");
        assertThat(body.at("/kdf/params").toString()).isEqualTo("{\"N\":65536,\"r\":8,\"p\":1}");
        assertThat(Base64.getDecoder().decode(body.at("/kdf/salt").asText())).hasSize(32);
        assertThat(body.at("/cipher/name").asText()).isEqualTo("nacl/secretbox");
        assertThat(Base64.getDecoder().decode(body.at("/cipher/nonce").asText())).hasSize(24);
        // secretbox adds a 16-byte Poly1305 tag to the PKCS#8 bytes.
        assertThat(Base64.getDecoder().decode(body.at("/ciphertext").asText()))
                .hasSize(pair.getPrivate().getEncoded().length + 16);

        assertThat(CosignKeys.decryptPrivateKey(pem, "s3cret".toCharArray()).getEncoded())
                .isEqualTo(pair.getPrivate().getEncoded());
        assertThatThrownBy(() -> CosignKeys.decryptPrivateKey(pem, "s3cret ".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void publicKeyIsDerivedFromPrivateKeyAndRoundTripsAsPkix() throws Exception {
        KeyPair pair = CosignKeys.generate();
        assertThat(CosignKeys.publicKeyOf(pair.getPrivate()).getEncoded()).isEqualTo(pair.getPublic().getEncoded());

        String pem = CosignKeys.publicKeyPem(pair.getPublic());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(CosignKeys.readPublicKey(pem).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    /** openssl, which shares no code with this plugin, must read the decrypted key and derive the same public key. */
    @Test
    void opensslDerivesTheSamePublicKey(@TempDir Path dir) throws Exception {
        KeyPair pair = CosignKeys.generate();
        String pem = CosignKeys.encryptPrivateKey(pair.getPrivate(), HELLO);
        Path der = Files.write(dir.resolve("key.der"), CosignKeys.decryptPrivateKeyDer(pem, HELLO));

        Process p = new ProcessBuilder("openssl", "pkey", "-inform", "DER", "-in", der.toString(), "-pubout")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo(CosignKeys.publicKeyPem(pair.getPublic()));
    }
}

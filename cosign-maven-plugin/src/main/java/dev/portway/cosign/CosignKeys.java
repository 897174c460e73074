package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.jce.ECNamedCurveTable;

/**
 * cosign's key files: an ECDSA P-256 key pair, the private key as PKCS#8 sealed with scrypt + NaCl secretbox
 * in a JSON envelope (PEM {@value #COSIGN_PRIVATE}), the public key as PKIX {@value #PUBLIC}.
 */
public final class CosignKeys {
    static final String COSIGN_PRIVATE = "ENCRYPTED COSIGN PRIVATE KEY";
    /** Newer cosign writes this label; containers/image reads only the COSIGN one, so it is read, never written. */
    static final String SIGSTORE_PRIVATE = "ENCRYPTED SIGSTORE PRIVATE KEY";
    static final String PUBLIC = "PUBLIC KEY";

    /** cosign's current default work factor; 32768 (older cosign) is read as well. */
    static final int SCRYPT_N = 65536;
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;
    private static final int KEY_BYTES = 32;
    private static final int SALT_BYTES = 32;
    private static final int NONCE_BYTES = 24;
    private static final int TAG_BYTES = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CosignKeys() {}

    public static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    public static String encryptPrivateKey(PrivateKey key, char[] password) throws GeneralSecurityException {
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        byte[] sealed = secretbox(true, scrypt(password, salt, SCRYPT_N), nonce, key.getEncoded());
        ObjectNode body = JSON.createObjectNode();
        ObjectNode kdf = body.putObject("kdf");
        kdf.put("name", "scrypt");
        kdf.putObject("params").put("N", SCRYPT_N).put("r", SCRYPT_R).put("p", SCRYPT_P);
        kdf.put("salt", b64(salt));
        body.putObject("cipher").put("name", "nacl/secretbox").put("nonce", b64(nonce));
        body.put("ciphertext", b64(sealed));
        return Pem.encode(COSIGN_PRIVATE, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The PKCS#8 DER inside an encrypted cosign key; fails on a wrong password (the Poly1305 tag does not match). */
    static byte[] decryptPrivateKeyDer(String pem, char[] password) throws GeneralSecurityException {
        Pem.Block block = Pem.decode(pem);
        if (!block.type().equals(COSIGN_PRIVATE) && !block.type().equals(SIGSTORE_PRIVATE)) {
            throw new GeneralSecurityException("not an encrypted cosign private key (PEM type " + block.type() + ")");
        }
        JsonNode body;
        try {
            body = JSON.readTree(block.der());
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("encrypted cosign key: body is not JSON", e);
        }
        JsonNode kdf = body.path("kdf");
        JsonNode params = kdf.path("params");
        if (!"scrypt".equals(kdf.path("name").asText()) || params.path("r").asInt() != SCRYPT_R
                || params.path("p").asInt() != SCRYPT_P
                || !"nacl/secretbox".equals(body.path("cipher").path("name").asText())) {
            throw new GeneralSecurityException("encrypted cosign key: unsupported kdf or cipher " + kdf.path("name")
                    + "/" + body.path("cipher").path("name"));
        }
        byte[] key = scrypt(password, b64(kdf.path("salt")), params.path("N").asInt());
        return secretbox(false, key, b64(body.path("cipher").path("nonce")), b64(body.path("ciphertext")));
    }

    public static PrivateKey decryptPrivateKey(String pem, char[] password) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decryptPrivateKeyDer(pem, password)));
    }

    public static String publicKeyPem(PublicKey key) {
        return Pem.encode(PUBLIC, key.getEncoded());
    }

    public static PublicKey readPublicKey(String pem) throws GeneralSecurityException {
        Pem.Block block = Pem.decode(pem);
        if (!block.type().equals(PUBLIC)) {
            throw new GeneralSecurityException("not a PKIX public key (PEM type " + block.type() + ")");
        }
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(block.der()));
    }

    /** Q = d·G: PKCS#8 from cosign need not carry the public point, and signing wants it for idempotence checks. */
    public static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof ECPrivateKey ec)) {
            throw new GeneralSecurityException("cosign keys here are ECDSA P-256; got " + privateKey.getAlgorithm());
        }
        var q = ECNamedCurveTable.getParameterSpec("secp256r1").getG().multiply(ec.getS()).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
    }

    private static byte[] scrypt(char[] password, byte[] salt, int n) {
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            return SCrypt.generate(pw, salt, n, SCRYPT_R, SCRYPT_P, KEY_BYTES);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    /**
     * NaCl secretbox (XSalsa20-Poly1305) from BouncyCastle's primitives: the first 32 keystream bytes are the
     * one-time Poly1305 key, the rest encrypts; the box is tag || ciphertext.
     */
    private static byte[] secretbox(boolean seal, byte[] key, byte[] nonce, byte[] input) throws GeneralSecurityException {
        XSalsa20Engine cipher = new XSalsa20Engine();
        cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[KEY_BYTES];
        cipher.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, macKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        if (seal) {
            byte[] out = new byte[TAG_BYTES + input.length];
            cipher.processBytes(input, 0, input.length, out, TAG_BYTES);
            mac.update(out, TAG_BYTES, input.length);
            mac.doFinal(out, 0);
            return out;
        }
        if (input.length < TAG_BYTES) {
            throw new GeneralSecurityException("encrypted cosign key: ciphertext too short");
        }
        byte[] expected = new byte[TAG_BYTES];
        mac.update(input, TAG_BYTES, input.length - TAG_BYTES);
        mac.doFinal(expected, 0);
        if (!MessageDigest.isEqual(expected, Arrays.copyOf(input, TAG_BYTES))) {
            throw new GeneralSecurityException("encrypted cosign key: wrong password (or the key file is damaged)");
        }
        byte[] out = new byte[input.length - TAG_BYTES];
        cipher.processBytes(input, TAG_BYTES, out.length, out, 0);
        return out;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] b64(JsonNode n) throws GeneralSecurityException {
        try {
            return Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("encrypted cosign key: bad base64", e);
        }
    }
}

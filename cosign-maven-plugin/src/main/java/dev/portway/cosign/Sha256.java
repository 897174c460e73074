package dev.portway.cosign;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content digests as the OCI distribution API names them ({@code sha256:<hex>}). */
final class Sha256 {
    private Sha256() {}

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** The tag cosign derives from a digest: {@code sha256:abc} + {@code .sig} gives {@code sha256-abc.sig}. */
    static String tagFor(String digest, String suffix) {
        if (!digest.startsWith("sha256:")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.replace(':', '-') + suffix;
    }
}

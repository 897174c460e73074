package dev.portway.cosign;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/**
 * Where keys and the password come from: an explicit file wins, else the environment (CI secrets). Contents are
 * returned, never logged; error messages name only the source that was missing.
 */
public final class KeyMaterial {
    public static final String ENV_PASSWORD = "COSIGN_PASSWORD";
    public static final String ENV_PRIVATE_KEY = "COSIGN_PRIVATE_KEY";
    public static final String ENV_PUBLIC_KEY = "COSIGN_PUBLIC_KEY";

    private KeyMaterial() {}

    public static String privateKeyPem(File file, Map<String, String> env) throws IOException {
        return fileOrEnv(file, env, ENV_PRIVATE_KEY, "private key: set cosign.key (a file) or " + ENV_PRIVATE_KEY);
    }

    public static String publicKeyPem(File file, Map<String, String> env) throws IOException {
        return fileOrEnv(file, env, ENV_PUBLIC_KEY, "public key: set cosign.publicKey (a file) or " + ENV_PUBLIC_KEY);
    }

    /** An empty {@value #ENV_PASSWORD} is a valid (empty) password, as in cosign; unset is an error. */
    public static char[] password(File file, Map<String, String> env) throws IOException {
        if (file != null) {
            String text = Files.readString(file.toPath(), StandardCharsets.UTF_8);
            // A password file written by echo ends in a newline that is not part of the password.
            return text.replaceFirst("\\r?\\n$", "").toCharArray();
        }
        String value = env.get(ENV_PASSWORD);
        if (value == null) {
            throw new IOException("key password: set " + ENV_PASSWORD + " or cosign.passwordFile");
        }
        return value.toCharArray();
    }

    private static String fileOrEnv(File file, Map<String, String> env, String variable, String missing) throws IOException {
        if (file != null) {
            if (!file.isFile()) {
                throw new IOException(missing + " (file " + file + " does not exist)");
            }
            return Files.readString(file.toPath(), StandardCharsets.UTF_8);
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IOException(missing);
        }
        return value;
    }
}

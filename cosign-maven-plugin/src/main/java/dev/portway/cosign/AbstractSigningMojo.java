package dev.portway.cosign;

import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that sign: where the private key and its password come from. */
abstract class AbstractSigningMojo extends AbstractImageMojo {

    /** The encrypted private key file; without it, {@code COSIGN_PRIVATE_KEY} holds the key's PEM text. */
    @Parameter(property = "cosign.key")
    private File key;

    /** A file holding the key password; without it, {@code COSIGN_PASSWORD}. */
    @Parameter(property = "cosign.passwordFile")
    private File passwordFile;

    protected PrivateKey privateKey() throws IOException, GeneralSecurityException {
        return CosignKeys.decryptPrivateKey(KeyMaterial.privateKeyPem(key, env), KeyMaterial.password(passwordFile, env));
    }
}

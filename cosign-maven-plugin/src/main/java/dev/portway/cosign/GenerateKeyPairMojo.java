package dev.portway.cosign;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code cosign.key} (encrypted with {@code COSIGN_PASSWORD} or {@code cosign.passwordFile}) and
 * {@code cosign.pub}, the files {@code cosign generate-key-pair} writes.
 */
@Mojo(name = "generate-key-pair", requiresProject = false, threadSafe = true)
public class GenerateKeyPairMojo extends AbstractMojo {

    @Parameter(property = "cosign.keyDirectory", defaultValue = "${project.build.directory}")
    private File keyDirectory;

    @Parameter(property = "cosign.passwordFile")
    private File passwordFile;

    /** Replace existing key files; off by default so a real key is never lost to a stray run. */
    @Parameter(property = "cosign.force", defaultValue = "false")
    private boolean force;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path dir = keyDirectory != null ? keyDirectory.toPath() : Path.of(".");
        Path privateFile = dir.resolve("cosign.key");
        Path publicFile = dir.resolve("cosign.pub");
        if (!force && (Files.exists(privateFile) || Files.exists(publicFile))) {
            throw new MojoFailureException(privateFile + " or " + publicFile + " exists; pass -Dcosign.force=true to replace");
        }
        try {
            char[] password = KeyMaterial.password(passwordFile, System.getenv());
            KeyPair pair = CosignKeys.generate();
            Files.createDirectories(dir);
            Files.deleteIfExists(privateFile);
            Files.writeString(privateFile, CosignKeys.encryptPrivateKey(pair.getPrivate(), password), StandardCharsets.US_ASCII);
            restrictToOwner(privateFile);
            Files.writeString(publicFile, CosignKeys.publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII);
            getLog().info("Private key written to " + privateFile);
            getLog().info("Public key written to " + publicFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new MojoExecutionException("cosign: generating the key pair: " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        }
    }
}

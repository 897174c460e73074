package dev.portway.cosign;

import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Parameters and plumbing shared by the goals that talk to a registry. */
abstract class AbstractRegistryMojo extends AbstractMojo {

    /** The pushed image, {@code registry/repository:tag}; the image module defines {@code image.name}. */
    @Parameter(property = "cosign.image", defaultValue = "${image.name}", required = true)
    protected String image;

    /** Registries (host[:port]) reached over plain HTTP besides loopback ones, comma-separated. */
    @Parameter(property = "cosign.insecureRegistries")
    protected String insecureRegistries;

    @Parameter(property = "cosign.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    @Inject
    protected SettingsDecrypter settingsDecrypter;

    /** The environment; a field so that tests and embedders can substitute it. */
    protected Map<String, String> env = System.getenv();

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("cosign: skipped (cosign.skip)");
            return;
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        try {
            run(reference, client(reference.registry()));
        } catch (VerificationException e) {
            throw new MojoFailureException("cosign: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new MojoExecutionException("cosign: " + e.getMessage(), e);
        }
    }

    protected abstract void run(ImageReference image, RegistryClient registry)
            throws IOException, GeneralSecurityException, VerificationException, MojoFailureException;

    protected PublicKey publicKey(File file) throws IOException, GeneralSecurityException {
        return CosignKeys.readPublicKey(KeyMaterial.publicKeyPem(file, env));
    }

    private RegistryClient client(String registry) throws IOException {
        Set<String> insecure = insecureRegistries == null ? Set.of()
                : Arrays.stream(insecureRegistries.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new RegistryClient(registry, insecure,
                RegistryCredentials.lookup(registry, mavenServers(), RegistryCredentials.defaultDockerConfig(env)));
    }

    private Map<String, RegistryCredentials> mavenServers() {
        Map<String, RegistryCredentials> out = new HashMap<>();
        if (settings == null) {
            return out;
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(settings));
        for (SettingsProblem problem : result.getProblems()) {
            getLog().warn("settings.xml: " + problem.getMessage());
        }
        for (Server server : result.getServers()) {
            if (server.getUsername() != null && server.getPassword() != null) {
                out.put(server.getId(), new RegistryCredentials(server.getUsername(), server.getPassword()));
            }
        }
        return out;
    }
}

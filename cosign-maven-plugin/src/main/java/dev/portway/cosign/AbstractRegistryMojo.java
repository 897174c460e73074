package dev.portway.cosign;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/** Parameters and plumbing shared by the goals that talk to a registry: skip, credentials, plain-HTTP list. */
abstract class AbstractRegistryMojo extends AbstractMojo {

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
        try {
            run();
        } catch (VerificationException e) {
            throw new MojoFailureException("cosign: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new MojoExecutionException("cosign: " + e.getMessage(), e);
        }
    }

    protected abstract void run() throws IOException, GeneralSecurityException, VerificationException, MojoFailureException;

    protected RegistryClient client(String registry) throws IOException {
        return new RegistryClient(registry, Set.copyOf(list(insecureRegistries)),
                RegistryCredentials.lookup(registry, mavenServers(), RegistryCredentials.defaultDockerConfig(env)));
    }

    /** A comma-separated parameter as a list, blanks dropped. */
    protected static List<String> list(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated != null) {
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
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

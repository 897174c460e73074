package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Basic credentials for a registry host, from Maven's {@code <server>} entries or docker's {@code auths}. */
public record RegistryCredentials(String username, String password) {

    /** The {@code Authorization: Basic} value; used for Basic challenges and for the token endpoint. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // Records print their fields; a password must never reach a log.
        return "RegistryCredentials[username=" + username + ", password=***]";
    }

    /**
     * Credentials for {@code registry}: Maven {@code servers} (id = registry host) win over the docker config,
     * whose {@code auths} key may be the bare host or a URL of it.
     */
    public static Optional<RegistryCredentials> lookup(String registry, Map<String, RegistryCredentials> mavenServers,
            Path dockerConfig) throws IOException {
        RegistryCredentials fromMaven = mavenServers.get(registry);
        if (fromMaven != null) {
            return Optional.of(fromMaven);
        }
        if (dockerConfig == null || !Files.isRegularFile(dockerConfig)) {
            return Optional.empty();
        }
        JsonNode auths = Payloads.JSON.readTree(dockerConfig.toFile()).path("auths");
        // docker login writes Docker Hub's entry under its legacy index URL.
        String host = registry.equals("docker.io") ? "index.docker.io" : registry;
        for (String key : List.of(registry, "https://" + host, "http://" + host, "https://" + host + "/v1/",
                "https://" + host + "/v2/")) {
            JsonNode entry = auths.path(key);
            if (entry.isMissingNode()) {
                continue;
            }
            if (entry.hasNonNull("auth")) {
                String decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
                }
            }
            if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
                return Optional.of(new RegistryCredentials(entry.get("username").asText(), entry.get("password").asText()));
            }
        }
        return Optional.empty();
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultDockerConfig(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        return dir != null && !dir.isBlank()
                ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }
}

package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token flow as GHCR runs it, played by a loopback server: 401 + Bearer challenge, token from the realm. */
class RegistryAuthTest {
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    private HttpServer server;
    private String registry;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registryApi);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesABearerTokenWithBasicCredentialsAndRetries() throws Exception {
        RegistryClient client = new RegistryClient(registry, Set.of(), Optional.of(new RegistryCredentials("ci", "s3cret")));

        assertThat(client.manifest("owner/app", "1.0")).get().extracting(RegistryClient.Manifest::digest)
                .isEqualTo(Sha256.digest(MANIFEST));
        assertThat(tokenRequests).containsExactly("service=ghcr.test&scope=repository%3Aowner%2Fapp%3Apull Basic Y2k6czNjcmV0");
        client.manifest("owner/app", "1.0");
        assertThat(tokenRequests).as("the token is reused for the repository").hasSize(1);
    }

    @Test
    void anonymousTokenWhenNoCredentials() throws Exception {
        new RegistryClient(registry, Set.of(), Optional.empty()).manifest("owner/app", "1.0");
        assertThat(tokenRequests).containsExactly("service=ghcr.test&scope=repository%3Aowner%2Fapp%3Apull -");
    }

    @Test
    void rejectedCredentialsFailWithTheStatus() {
        RegistryClient client = new RegistryClient(registry, Set.of(), Optional.of(new RegistryCredentials("ci", "wrong")));
        assertThatThrownBy(() -> client.manifest("owner/app", "1.0")).isInstanceOf(IOException.class)
                .hasMessageContaining("token request").hasMessageContaining("HTTP 401");
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        tokenRequests.add(ex.getRequestURI().getRawQuery() + " " + (auth == null ? "-" : auth));
        if (auth != null && !auth.equals("Basic Y2k6czNjcmV0")) {
            respond(ex, 401, "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        respond(ex, 200, "{\"token\":\"tok-123\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void registryApi(HttpExchange ex) throws IOException {
        if (!"Bearer tok-123".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + registry
                    + "/token\",service=\"ghcr.test\",scope=\"repository:owner/app:pull\"");
            respond(ex, 401, new byte[0]);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", RegistryClient.OCI_MANIFEST);
        respond(ex, 200, MANIFEST);
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }
}

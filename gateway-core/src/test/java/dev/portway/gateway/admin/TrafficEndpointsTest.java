package dev.portway.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.CircuitBreakerConfig;
import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RetryBudgetConfig;
import dev.portway.gateway.config.RetryConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/routes} and {@code GET /admin/upstreams} on a running gateway. */
class TrafficEndpointsTest extends LoopbackTest {

  private Gateway gateway;
  private int down;

  @BeforeEach
  void setUp() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      down = socket.getLocalPort();
    }
    UpstreamConfig upstream = new UpstreamConfig("users",
        List.of(new TargetConfig("http://127.0.0.1:" + down, "127.0.0.1", down, false, 2)), "least-requests",
        TimeoutsConfig.DEFAULTS, "client-ip", null, null, new CircuitBreakerConfig(1, 1.0, 10, Duration.ofMinutes(1), 1),
        RetryBudgetConfig.DEFAULTS, "http/1.1");
    RouteConfig general = TestConfigs.route("all", "/**", "users");
    RouteConfig specific = new RouteConfig("users-by-id", 0,
        new MatchConfig(List.of(), "/users/{id}", List.of("GET"), Map.of(), null, Map.of("X-Tenant", "a.*"),
            Map.of(), Map.of()),
        "users", null, null, TimeoutsConfig.DEFAULTS,
        new RetryConfig(3, Set.of("GET"), true, false, true, Set.of(503), Duration.ofMillis(250)));
    gateway = Gateway.start(vertx, TestConfigs.gateway(List.of(upstream), List.of(general, specific))).await();
  }

  @Test
  void routesAreListedInTheOrderTheyAreTried() {
    Response response = Http.get(client, gateway.adminPort(), "/admin/routes");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
    JsonObject first = response.json().getJsonArray("routes").getJsonObject(0);
    assertThat(first.getString("id")).isEqualTo("users-by-id");
    assertThat(first.getJsonObject("match").getJsonObject("headerRegex").getMap()).containsEntry("X-Tenant", "a.*");
    assertThat(first.getJsonObject("retry")).isEqualTo(new JsonObject()
        .put("attempts", 3).put("methods", List.of("GET")).put("on", List.of("connect-failure", "timeout", 503))
        .put("perTryTimeout", "250ms"));
    assertThat(first.getJsonObject("timeouts").getString("connect")).isEqualTo("5000ms");
    assertThat(response.json().getJsonArray("routes").getJsonObject(1).getString("id")).isEqualTo("all");
  }

  @Test
  void upstreamsShowEachTargetsHealthAndBreaker() {
    assertThat(Http.get(client, gateway.port(), "/users/1").status()).as("connection refused").isEqualTo(502);

    Response response = Http.get(client, gateway.adminPort(), "/admin/upstreams");

    assertThat(response.status()).isEqualTo(200);
    JsonObject users = response.json().getJsonArray("upstreams").getJsonObject(0);
    assertThat(users.getString("name")).isEqualTo("users");
    assertThat(users.getString("loadBalancer")).isEqualTo("least-requests");
    assertThat(users.getInteger("availableTargets")).isZero();
    assertThat(users.getJsonArray("targets").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("url", "http://127.0.0.1:" + down)
        .put("weight", 2)
        .put("available", false)
        .put("healthCheck", "healthy")
        .put("ejected", false)
        .put("ejections", 0L)
        .put("circuitBreaker", "open")
        .put("activeRequests", 0));
  }
}

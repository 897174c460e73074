package dev.portway.gateway.cors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Http.Response;
import dev.portway.gateway.auth.SecuredGateway;
import dev.portway.gateway.config.ApiKeyConfig;
import dev.portway.gateway.config.CorsConfig;
import dev.portway.gateway.config.RateLimitConfig;
import dev.portway.gateway.config.RouteSecurity;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorsTest {

  private static SecuredGateway gateway;

  @BeforeAll
  static void start() {
    CorsConfig app = new CorsConfig(List.of("https://app.example.com"), List.of("GET", "PUT"),
        List.of("Authorization", "X-Api-Key"), List.of("X-Request-Id"), true, Duration.ofMinutes(5));
    CorsConfig anyone = new CorsConfig(List.of("*"), List.of("GET"), List.of(), List.of(), false, Duration.ofMinutes(10));
    ApiKeyConfig apiKey = new ApiKeyConfig("X-Api-Key", null, "X-Consumer", List.of());
    gateway = new SecuredGateway().start(
        SecuredGateway.route("app", "/app/**", new RouteSecurity(apiKey, null, null, null, app)),
        SecuredGateway.route("public", "/public/**", new RouteSecurity(null, null, null, null, anyone)),
        SecuredGateway.route("limited", "/limited/**", new RouteSecurity(null, null,
            new RateLimitConfig(1, Duration.ofHours(1), 1, "ip", null), null, app)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Response send(HttpMethod method, String uri, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return dev.portway.gateway.Http.send(gateway.client, new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI(uri).setHeaders(map), null);
  }

  @Test
  void theGatewaysOwnRefusalsCarryTheCorsHeadersForAnAllowedOriginOnly() {
    assertThat(send(HttpMethod.GET, "/limited/x").status()).isEqualTo(200);
    record Case(String uri, String origin, int status, boolean cors) {}
    for (Case c : List.of(
        new Case("/app/x", "https://app.example.com", 401, true),
        new Case("/app/x", "https://evil.example.com", 401, false),
        new Case("/limited/x", "https://app.example.com", 429, true),
        new Case("/limited/x", "https://evil.example.com", 429, false))) {
      Response response = send(HttpMethod.GET, c.uri(), "Origin", c.origin());

      assertThat(response.status()).as(c.toString()).isEqualTo(c.status());
      assertThat(response.headers().get("Access-Control-Allow-Origin")).as(c.toString())
          .isEqualTo(c.cors() ? c.origin() : null);
      assertThat(response.headers().get("Access-Control-Allow-Credentials")).as(c.toString())
          .isEqualTo(c.cors() ? "true" : null);
      assertThat(response.headers().get("Access-Control-Expose-Headers")).as(c.toString())
          .isEqualTo(c.cors() ? "X-Request-Id" : null);
      assertThat(response.headers().get("Vary")).as(c.toString()).isEqualTo(c.cors() ? "Origin" : null);
    }
  }

  @Test
  void aPreflightIsAnsweredByTheGatewayBeforeAuthentication() {
    Response response = send(HttpMethod.OPTIONS, "/app/items", "Origin", "https://app.example.com",
        "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-api-key, authorization");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body().length()).isZero();
    assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(response.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.headers().get("Access-Control-Allow-Methods")).isEqualTo("GET, PUT");
    assertThat(response.headers().get("Access-Control-Allow-Headers")).isEqualTo("Authorization, X-Api-Key");
    assertThat(response.headers().get("Access-Control-Max-Age")).isEqualTo("300");
    assertThat(response.headers().get("Vary")).isEqualTo("Origin");
  }

  @Test
  void aPreflightForAnOriginMethodOrHeaderNotAllowedIs403() {
    assertThat(send(HttpMethod.OPTIONS, "/app/items", "Origin", "https://evil.example.com",
        "Access-Control-Request-Method", "GET").status()).isEqualTo(403);
    assertThat(send(HttpMethod.OPTIONS, "/app/items", "Origin", "https://app.example.com",
        "Access-Control-Request-Method", "DELETE").status()).isEqualTo(403);
    assertThat(send(HttpMethod.OPTIONS, "/app/items", "Origin", "https://app.example.com",
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "X-Secret").status()).isEqualTo(403);
  }

  @Test
  void anActualRequestFromAnAllowedOriginGetsTheCorsHeaders() {
    Response response = send(HttpMethod.GET, "/public/x", "Origin", "https://anyone.example.org");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(response.headers().contains("Access-Control-Allow-Credentials")).isFalse();
  }

  @Test
  void aRequestFromAnotherOriginGetsNoCorsHeadersAndStillNeedsItsCredentials() {
    Response response = send(HttpMethod.GET, "/app/x", "Origin", "https://evil.example.com");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().contains("Access-Control-Allow-Origin")).isFalse();
  }
}

package dev.portway.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static RouteConfig route(String id, int priority, List<String> hosts, String path, List<String> methods,
      Map<String, String> headers) {
    return new RouteConfig(id, priority,
        new MatchConfig(hosts, path, methods, headers, null, Map.of(), Map.of(), Map.of()), "up", null, null,
        TimeoutsConfig.DEFAULTS, null);
  }

  private static RouteConfig path(String id, String path) {
    return route(id, 0, List.of(), path, List.of(), Map.of());
  }

  /** The table every case below runs against; document order deliberately puts general routes first. */
  private static final Router<String> TABLE = Router.compile(List.of(
      path("catch-all", "/**"),
      path("api-prefix", "/api/**"),
      path("api-v1-prefix", "/api/v1/**"),
      path("user-template", "/api/v1/users/{id}"),
      path("user-orders", "/api/v1/users/{id}/orders/**"),
      path("user-me", "/api/v1/users/me"),
      route("admin-host", 0, List.of("admin.example.com"), "/api/**", List.of(), Map.of()),
      route("wildcard-host", 0, List.of("*.example.com"), "/api/**", List.of(), Map.of()),
      route("post-only", 0, List.of(), "/api/v1/items", List.of("POST"), Map.of()),
      route("tenant-acme", 0, List.of(), "/tenant/**", List.of(), Map.of("X-Tenant", "acme")),
      route("tenant-any", 0, List.of(), "/tenant/**", List.of(), Map.of()),
      route("low-priority-exact", -1, List.of(), "/promo", List.of(), Map.of()),
      route("high-priority-prefix", 5, List.of(), "/promo/**", List.of(), Map.of())),
      RouteConfig::id);

  @ParameterizedTest(name = "{0} {1} {2} -> {4}")
  @CsvSource(nullValues = "-", value = {
      // method, host, path, X-Tenant header, expected route
      "GET, -, /, -, catch-all",
      "GET, -, /anything/else, -, catch-all",
      "GET, -, /api, -, api-prefix",
      "GET, -, /api/x, -, api-prefix",
      "GET, -, /apiary, -, catch-all",
      "GET, -, /api/v1/things, -, api-v1-prefix",
      "GET, -, /api/v1/users/42, -, user-template",
      "GET, -, /api/v1/users/me, -, user-me",
      "GET, -, /api/v1/users/42/orders, -, user-orders",
      "GET, -, /api/v1/users/42/orders/7, -, user-orders",
      "GET, -, /api/v1/users/42/profile, -, api-v1-prefix",
      "GET, -, /api/v1/users/, -, api-v1-prefix",
      "POST, -, /api/v1/items, -, post-only",
      "GET, -, /api/v1/items, -, api-v1-prefix",
      "GET, admin.example.com, /api/x, -, admin-host",
      "GET, shop.example.com, /api/x, -, wildcard-host",
      "GET, a.b.example.com, /api/x, -, wildcard-host",
      "GET, example.com, /api/x, -, api-prefix",
      "GET, -, /tenant/x, acme, tenant-acme",
      "GET, -, /tenant/x, other, tenant-any",
      "GET, -, /tenant/x, -, tenant-any",
      "GET, -, /promo, -, high-priority-prefix",
  })
  void picksTheRouteByPriorityThenSpecificity(String method, String host, String path, String tenant, String expected) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (tenant != null) {
      headers.add("x-tenant", tenant);
    }
    assertThat(TABLE.match(host, path, HttpMethod.valueOf(method), headers)).isEqualTo(expected);
  }

  @Test
  void returnsNullWhenNoRouteMatches() {
    Router<String> router = Router.compile(List.of(path("only", "/only"),
        route("get", 0, List.of(), "/get", List.of("GET"), Map.of())), RouteConfig::id);

    assertThat(router.match(null, "/other", HttpMethod.GET, MultiMap.caseInsensitiveMultiMap())).isNull();
    assertThat(router.match(null, "/only/more", HttpMethod.GET, MultiMap.caseInsensitiveMultiMap())).isNull();
    assertThat(router.match(null, "/get", HttpMethod.DELETE, MultiMap.caseInsensitiveMultiMap())).isNull();
  }

  @Test
  void keepsDocumentOrderBetweenEquallySpecificRoutes() {
    Router<String> router = Router.compile(List.of(path("first", "/same/**"), path("second", "/same/**")),
        RouteConfig::id);

    assertThat(router.order()).containsExactly("first", "second");
    assertThat(router.match(null, "/same/x", HttpMethod.GET, MultiMap.caseInsensitiveMultiMap())).isEqualTo("first");
  }

  @Test
  void requiresAHostWhenTheRouteNamesHosts() {
    Router<String> router = Router.compile(
        List.of(route("hosted", 0, List.of("api.example.com"), "/**", List.of(), Map.of())), RouteConfig::id);

    assertThat(router.match(null, "/", HttpMethod.GET, MultiMap.caseInsensitiveMultiMap())).isNull();
    assertThat(router.match("api.example.com", "/", HttpMethod.GET, MultiMap.caseInsensitiveMultiMap()))
        .isEqualTo("hosted");
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "/exact, /exact, true",
      "/exact, /exact/, false",
      "/exact, /exactly, false",
      "/files/**, /files, true",
      "/files/**, /files/a/b/c, true",
      "/files/**, /filesystem, false",
      "/**, /, true",
      "/users/{id}, /users/1, true",
      "/users/{id}, /users/, false",
      "/users/{id}, /users, false",
      "/users/{id}, /users/1/x, false",
      "/a/{x}/b/{y}, /a/1/b/2, true",
      "/a/{x}/b/{y}, /a/1/c/2, false",
  })
  void pathPatterns(String pattern, String path, boolean matches) {
    assertThat(PathPattern.compile(pattern).matches(path)).isEqualTo(matches);
  }
}

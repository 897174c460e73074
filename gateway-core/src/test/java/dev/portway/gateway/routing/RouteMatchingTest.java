package dev.portway.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regex paths, header regexes and query conditions, and the route tree against a plain scan. */
class RouteMatchingTest {

  private static RouteConfig route(String id, int priority, String path, String pathRegex,
      Map<String, String> headerRegex, Map<String, String> query, Map<String, String> queryRegex) {
    return new RouteConfig(id, priority,
        new MatchConfig(List.of(), path, List.of(), Map.of(), pathRegex, headerRegex, query, queryRegex),
        "up", null, null, TimeoutsConfig.DEFAULTS, null);
  }

  private static final Router<String> TABLE = Router.compile(List.of(
      route("catch-all", 0, "/**", null, Map.of(), Map.of(), Map.of()),
      route("versioned", 0, null, "/v[0-9]+/users/[0-9]+", Map.of(), Map.of(), Map.of()),
      route("mobile", 0, "/app/**", null, Map.of("User-Agent", ".*(Android|iPhone).*"), Map.of(), Map.of()),
      route("beta", 0, "/app/**", null, Map.of(), Map.of("beta", "on"), Map.of()),
      route("search", 0, "/search", null, Map.of(), Map.of(), Map.of("q", "[a-z ]{3,}")),
      route("promo-regex", 0, null, "/promo/[0-9]+", Map.of(), Map.of(), Map.of()),
      route("promo", 0, "/promo/**", null, Map.of(), Map.of(), Map.of())),
      RouteConfig::id);

  @ParameterizedTest(name = "{0}?{1} UA={2} -> {3}")
  @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
      # path         | query             | user agent                 | route
      /v2/users/42   | -                 | -                          | versioned
      /v2/users/42/x | -                 | -                          | catch-all
      /vx/users/42   | -                 | -                          | catch-all
      /app/home      | -                 | Mozilla/5.0 (iPhone; x)    | mobile
      /app/home      | -                 | curl/8                     | catch-all
      /app/home      | beta=on           | curl/8                     | beta
      /app/home      | x=1&beta=on       | -                          | beta
      /app/home      | beta=on&beta=off  | -                          | beta
      /app/home      | beta=off&beta=on  | -                          | catch-all
      /app/home      | beta              | -                          | catch-all
      /app/home      | be%74a=o%6E       | -                          | beta
      /search        | q=red+shoes       | -                          | search
      /search        | q=ab              | -                          | catch-all
      /search        | q=RED             | -                          | catch-all
      /search        | -                 | -                          | catch-all
      /promo/42      | -                 | -                          | promo-regex
      /promo/x       | -                 | -                          | promo
      """)
  void matches(String path, String query, String userAgent, String expected) {
    MultiMap headers = HttpHeaders.headers();
    if (userAgent != null) {
      headers.set("User-Agent", userAgent);
    }

    assertThat(TABLE.match(null, path, HttpMethod.GET, headers, query)).isEqualTo(expected);
  }

  @Test
  void aRegexPathRanksAbovePrefixesAndBelowTemplatesAtEqualPriority() {
    Router<String> router = Router.compile(List.of(
        route("prefix", 0, "/a/**", null, Map.of(), Map.of(), Map.of()),
        route("regex", 0, null, "/a/.*", Map.of(), Map.of(), Map.of()),
        route("template", 0, "/a/{id}", null, Map.of(), Map.of(), Map.of())), RouteConfig::id);

    assertThat(router.order()).containsExactly("template", "regex", "prefix");
  }

  /**
   * The tree must answer exactly what trying every route in rank order answers. Random tables mix
   * every kind of path under a few shared literal heads, so candidates come from several tree levels.
   */
  @Test
  void theRouteTreeAgreesWithTryingEveryRouteInRankOrder() {
    Random random = new Random(7);
    String[] words = {"a", "b", "api", "v1", "users", "x"};
    for (int table = 0; table < 20; table++) {
      List<RouteConfig> routes = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String path = randomPath(random, words);
        int kind = random.nextInt(5);
        String pattern = switch (kind) {
          case 0 -> path;
          case 1 -> path + "/**";
          case 2 -> path + "/{id}";
          case 3 -> "/{id}" + path;
          default -> null;
        };
        routes.add(route("r" + i, random.nextInt(3) - 1, pattern, kind == 4 ? path + "(/.*)?" : null,
            Map.of(), random.nextInt(4) == 0 ? Map.of("k", "1") : Map.of(), Map.of()));
      }
      Router<String> tree = Router.compile(routes, RouteConfig::id);
      List<Router<String>> single = routes.stream().map(r -> Router.compile(List.of(r), RouteConfig::id)).toList();
      for (int request = 0; request < 200; request++) {
        String path = randomPath(random, words) + (random.nextBoolean() ? randomPath(random, words) : "");
        String query = random.nextBoolean() ? "k=1" : null;
        String expected = null;
        for (String id : tree.order()) {
          if (single.get(Integer.parseInt(id.substring(1))).match(null, path, HttpMethod.GET, HttpHeaders.headers(),
              query) != null) {
            expected = id;
            break;
          }
        }
        assertThat(tree.match(null, path, HttpMethod.GET, HttpHeaders.headers(), query)).as(path).isEqualTo(expected);
      }
    }
  }

  private static String randomPath(Random random, String[] words) {
    StringBuilder path = new StringBuilder();
    int segments = 1 + random.nextInt(3);
    for (int i = 0; i < segments; i++) {
      path.append('/').append(words[random.nextInt(words.length)]);
    }
    return path.toString();
  }
}

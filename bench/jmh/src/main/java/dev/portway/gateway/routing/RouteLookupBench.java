package dev.portway.gateway.routing;

import dev.portway.bench.NanosecondBench;
import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Route lookup as the table grows (issue 7: lookup among 1,000 routes within 10 % of lookup among 10).
 * The table has {@code routes} routes: services {@code /svcN/**}, {@code /svcN/items/{id}} and
 * {@code /svcN/health} (three per service), plus a catch-all {@code /**} and one {@code pathRegex}
 * route, which every lookup also has to try. Each lookup picks a path of another service, so neither
 * the first nor the last route wins.
 */
public class RouteLookupBench extends NanosecondBench {

  @Param({"10", "1000"})
  public int routes;

  private Router<String> router;
  private String[] templatePaths;
  private String[] missPaths;
  private int next;
  private final MultiMap headers = HttpHeaders.headers().add("Host", "api.example.com");

  private static RouteConfig route(String id, String path, String pathRegex) {
    return new RouteConfig(id, 0,
        new MatchConfig(List.of(), path, List.of(), Map.of(), pathRegex, Map.of(), Map.of(), Map.of()),
        "up", null, null, TimeoutsConfig.DEFAULTS, null);
  }

  @Setup
  public void setup() {
    List<RouteConfig> table = new ArrayList<>();
    table.add(route("catch-all", "/**", null));
    table.add(route("versioned", null, "/v[0-9]+/legacy/.*"));
    int services = Math.max(1, (routes - table.size()) / 3);
    for (int i = 0; i < services; i++) {
      table.add(route("svc" + i + "-all", "/svc" + i + "/**", null));
      table.add(route("svc" + i + "-item", "/svc" + i + "/items/{id}", null));
      table.add(route("svc" + i + "-health", "/svc" + i + "/health", null));
    }
    router = Router.compile(table, RouteConfig::id);
    templatePaths = new String[16];
    missPaths = new String[16];
    for (int i = 0; i < templatePaths.length; i++) {
      int service = (i * 7919) % services;
      templatePaths[i] = "/svc" + service + "/items/" + (1000 + i);
      missPaths[i] = "/nowhere/" + i;
    }
  }

  @Benchmark
  public String template() {
    return router.match("api.example.com", templatePaths[next++ & 15], HttpMethod.GET, headers, null);
  }

  @Benchmark
  public String catchAll() {
    return router.match("api.example.com", missPaths[next++ & 15], HttpMethod.GET, headers, null);
  }
}

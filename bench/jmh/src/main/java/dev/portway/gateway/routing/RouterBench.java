package dev.portway.gateway.routing;

import dev.portway.bench.NanosecondBench;
import dev.portway.gateway.config.ConfigLoader;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.RouteConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Route lookup on the route table of bench/portway-bench.yaml (twelve routes of every kind). */
public class RouterBench extends NanosecondBench {

  static final String ROUTES = """
      upstreams:
        bench: { targets: [ { url: http://127.0.0.1:18080 } ] }
        users: { targets: [ { url: http://127.0.0.1:18079 } ] }
        orders: { targets: [ { url: http://127.0.0.1:18078 } ] }
      routes:
        - { id: users-by-id, match: { path: '/users/{id}', methods: [GET, PUT, DELETE] }, upstream: users }
        - { id: users-admin, priority: 5, match: { hosts: [admin.example.com], path: /users/** }, upstream: users }
        - { id: orders-v2, match: { path: /api/v2/orders/**, headers: { X-Tenant: acme } }, upstream: orders, stripPrefix: /api/v2 }
        - { id: orders, match: { path: /api/v1/orders/** }, upstream: orders, stripPrefix: /api/v1 }
        - { id: legacy, match: { path: /old/** }, upstream: orders, rewritePath: { regex: '^/old/(.*)$', replacement: '/new/$1' } }
        - { id: tenants, match: { hosts: ['*.tenants.example.com'], path: /** }, upstream: users }
        - { id: reports, match: { path: '/reports/{year}/**', methods: [GET] }, upstream: orders }
        - { id: health-probe, match: { path: /healthz, methods: [GET, HEAD] }, upstream: users }
        - { id: uploads, match: { path: /uploads/**, methods: [POST, PUT] }, upstream: orders }
        - { id: hello, match: { path: /hello, methods: [GET, HEAD] }, upstream: bench }
        - { id: sixteen-k, match: { path: /16k, methods: [GET, HEAD] }, upstream: bench }
        - { id: catch-all, priority: -10, match: { path: /** }, upstream: bench }
      """;

  private Router<String> router;
  private final MultiMap headers = HttpHeaders.headers().add("Host", "127.0.0.1:18090");

  @Setup
  public void setup() {
    GatewayConfig config = ConfigLoader.create().parse(ROUTES, "RouterBench");
    router = Router.compile(config.routes(), RouteConfig::id);
  }

  @Benchmark
  public String hello() {
    return router.match("127.0.0.1", "/hello", HttpMethod.GET, headers);
  }

  @Benchmark
  public String template() {
    return router.match("127.0.0.1", "/reports/2026/q3", HttpMethod.GET, headers);
  }

  @Benchmark
  public String catchAll() {
    return router.match("127.0.0.1", "/unknown/path/here", HttpMethod.GET, headers);
  }
}

package dev.portway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The traffic-management keywords: how they bind, their defaults, and the errors that name their paths. */
class TrafficConfigsTest {

  private static final ConfigLoader LOADER = ConfigLoader.create(Map.of());
  private static final JsonNode DEFS = ConfigSchema.get().document().path("$defs");

  private static GatewayConfig parse(String upstream, String route) {
    return LOADER.parse(String.join("\n",
        "upstreams:",
        "  up:",
        "    targets: [{ url: 'http://10.0.0.1:80', weight: 3 }, { url: 'http://10.0.0.2:80' }]",
        upstream.isEmpty() ? "" : "    " + upstream,
        "routes:",
        "  - id: r",
        "    upstream: up",
        route.isEmpty() ? "" : "    " + route), "t.yaml");
  }

  @Test
  void bindsEverySetting() {
    GatewayConfig config = LOADER.parse(String.join("\n",
        "upstreams:",
        "  up:",
        "    targets: [{ url: 'http://10.0.0.1:80', weight: 3 }]",
        "    loadBalancer: consistent-hash",
        "    hashOn: 'cookie:session'",
        "    protocol: h2",
        "    healthCheck: { path: /healthz, interval: 5s, timeout: 1s, healthyThreshold: 4, unhealthyThreshold: 6 }",
        "    outlierDetection: { consecutiveFailures: 7, ejectionTime: 10s, maxEjectionTime: 1m }",
        "    circuitBreaker: { consecutiveFailures: 8, errorRate: 0.25, window: 40, openFor: 15s, halfOpenRequests: 2 }",
        "    retryBudget: { ratio: 0.1, minRetries: 5 }",
        "routes:",
        "  - id: r",
        "    upstream: up",
        "    retry: { attempts: 3, methods: [get, post], on: [reset, timeout, 503], perTryTimeout: 250ms }"),
        "t.yaml");
    UpstreamConfig up = config.upstreams().get("up");

    assertThat(up.targets()).extracting(TargetConfig::weight).containsExactly(3);
    assertThat(up.loadBalancer()).isEqualTo("consistent-hash");
    assertThat(up.hashOn()).isEqualTo("cookie:session");
    assertThat(up.protocol()).isEqualTo("h2");
    assertThat(up.healthCheck()).isEqualTo(
        new HealthCheckConfig("/healthz", Duration.ofSeconds(5), Duration.ofSeconds(1), 4, 6));
    assertThat(up.outlierDetection()).isEqualTo(
        new OutlierDetectionConfig(7, Duration.ofSeconds(10), Duration.ofMinutes(1)));
    assertThat(up.circuitBreaker()).isEqualTo(
        new CircuitBreakerConfig(8, 0.25, 40, Duration.ofSeconds(15), 2));
    assertThat(up.retryBudget()).isEqualTo(new RetryBudgetConfig(0.1, 5));
    assertThat(config.routes().get(0).retry()).isEqualTo(
        new RetryConfig(3, Set.of("GET", "POST"), false, true, true, Set.of(503), Duration.ofMillis(250)));
  }

  @Test
  void bindsHeaderEdits() {
    RouteConfig route = parse("", "requestHeaders: { set: { X-Env: prod }, add: { X-Via: portway }, remove: [Cookie] }")
        .routes().get(0);

    assertThat(route.requestHeaders()).isEqualTo(
        new HeadersConfig(Map.of("X-Env", "prod"), Map.of("X-Via", "portway"), List.of("Cookie")));
    assertThat(route.responseHeaders()).isNull();
  }

  @Test
  void bindsTheMatchConditions() {
    MatchConfig match = parse("", "match: { pathRegex: '/v[0-9]+/.*', headerRegex: { User-Agent: '.*Android.*' }, "
        + "query: { beta: on, v: 2 }, queryRegex: { q: '[a-z]+' } }").routes().get(0).match();

    assertThat(match.pathRegex()).isEqualTo("/v[0-9]+/.*");
    assertThat(match.headerRegex()).containsExactly(Map.entry("User-Agent", ".*Android.*"));
    assertThat(match.query()).containsOnly(Map.entry("beta", "on"), Map.entry("v", "2"));
    assertThat(match.queryRegex()).containsExactly(Map.entry("q", "[a-z]+"));
  }

  @Test
  void absentSectionsAreOffAndEmptyOnesTakeTheSchemaDefaults() {
    GatewayConfig off = parse("", "");
    assertThat(off.upstreams().get("up")).extracting(UpstreamConfig::healthCheck, UpstreamConfig::outlierDetection,
        UpstreamConfig::circuitBreaker).containsOnlyNulls();
    assertThat(off.routes().get(0).retry()).isNull();

    GatewayConfig on = LOADER.parse(String.join("\n",
        "upstreams: { up: { targets: [{ url: 'http://10.0.0.1' }], healthCheck: { path: / }, outlierDetection: {},",
        "  circuitBreaker: {} } }",
        "routes: [{ id: r, upstream: up, retry: {} }]"), "t.yaml");
    UpstreamConfig up = on.upstreams().get("up");

    assertThat(up.targets().get(0).weight()).isEqualTo(DEFS.at("/target/properties/weight/default").asInt());
    assertThat(up.hashOn()).isEqualTo(DEFS.at("/upstream/properties/hashOn/default").asText());
    assertThat(up.protocol()).isEqualTo(DEFS.at("/upstream/properties/protocol/default").asText());
    assertThat(up.healthCheck()).isEqualTo(new HealthCheckConfig("/",
        Durations.parse(DEFS.at("/healthCheck/properties/interval/default").asText()),
        Durations.parse(DEFS.at("/healthCheck/properties/timeout/default").asText()),
        DEFS.at("/healthCheck/properties/healthyThreshold/default").asInt(),
        DEFS.at("/healthCheck/properties/unhealthyThreshold/default").asInt()));
    assertThat(up.outlierDetection()).isEqualTo(new OutlierDetectionConfig(
        DEFS.at("/outlierDetection/properties/consecutiveFailures/default").asInt(),
        Durations.parse(DEFS.at("/outlierDetection/properties/ejectionTime/default").asText()),
        Durations.parse(DEFS.at("/outlierDetection/properties/maxEjectionTime/default").asText())));
    assertThat(up.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(
        DEFS.at("/circuitBreaker/properties/consecutiveFailures/default").asInt(),
        DEFS.at("/circuitBreaker/properties/errorRate/default").asDouble(),
        DEFS.at("/circuitBreaker/properties/window/default").asInt(),
        Durations.parse(DEFS.at("/circuitBreaker/properties/openFor/default").asText()),
        DEFS.at("/circuitBreaker/properties/halfOpenRequests/default").asInt()));
    assertThat(up.retryBudget()).isEqualTo(new RetryBudgetConfig(
        DEFS.at("/retryBudget/properties/ratio/default").asDouble(),
        DEFS.at("/retryBudget/properties/minRetries/default").asInt()));
    RetryConfig retry = on.routes().get(0).retry();
    assertThat(retry.attempts()).isEqualTo(DEFS.at("/retry/properties/attempts/default").asInt());
    assertThat(retry.methods()).containsExactlyInAnyOrderElementsOf(toList(DEFS.at("/retry/properties/methods/default")));
    assertThat(retry).extracting(RetryConfig::onConnectFailure, RetryConfig::onReset, RetryConfig::onTimeout)
        .containsExactly(true, true, false);
    assertThat(toList(DEFS.at("/retry/properties/on/default"))).containsExactlyInAnyOrder("connect-failure", "reset");
  }

  private static List<String> toList(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # upstream setting                                   | route setting                   | path                                  | message fragment
      loadBalancer: random                                 |                                 | upstreams.up.loadBalancer             | must be one of
      hashOn: 'query:x'                                    |                                 | upstreams.up.hashOn                   | must be client-ip, header:NAME or cookie:NAME
      healthCheck: { interval: 5s }                      |                                 | upstreams.up.healthCheck.path         | missing required key 'path'
      healthCheck: { path: /h, interval: 0s }            |                                 | upstreams.up.healthCheck.interval     | must be greater than 0
      outlierDetection: { consecutiveFailures: 0 }       |                                 | upstreams.up.outlierDetection.consecutiveFailures | must be from 1 to 1000
      circuitBreaker: { errorRate: 1.5 }                 |                                 | upstreams.up.circuitBreaker.errorRate | must be from 0 to 1
      retryBudget: { ratio: -1 }                         |                                 | upstreams.up.retryBudget.ratio        | must be from 0 to 1
      protocol: h3                                         |                                 | upstreams.up.protocol                 | must be one of
      circuitBreaker: { openFor: 0ms }                   |                                 | upstreams.up.circuitBreaker.openFor   | must be greater than 0
                                                         | retry: { on: [404] }          | routes[0].retry.on[0]                 | must be connect-failure, reset, timeout or a status from 500 to 599
                                                         | retry: { on: [later] }        | routes[0].retry.on[0]                 | must be connect-failure, reset, timeout or a status from 500 to 599
                                                         | retry: { attempts: 0 }        | routes[0].retry.attempts              | 0
                                                         | retry: { perTryTimeout: 0s }  | routes[0].retry.perTryTimeout         | must be greater than 0
                                                         | retry: { methods: [GE T] }    | routes[0].retry.methods[0]            | 'GE T' is not a valid HTTP method
                                                         | match: { pathRegex: '/a(' }     | routes[0].match.pathRegex             | invalid regex '/a('
                                                         | match: { path: /a, pathRegex: /b } | routes[0].match.pathRegex          | give either path or pathRegex, not both
                                                         | match: { headerRegex: { X-A: '[' } } | routes[0].match.headerRegex.X-A  | invalid regex '['
                                                         | match: { headerRegex: { 'X A': a } } | routes[0].match.headerRegex.X A  | 'X A' is not a valid header name
                                                         | match: { queryRegex: { q: '*' } } | routes[0].match.queryRegex.q        | invalid regex '*'
                                                         | match: { query: { q: [1] } }    | routes[0].match.query.q               | must be a single value
                                                         | requestHeaders: { set: { 'X Env': a } } | routes[0].requestHeaders.set.X Env | 'X Env' is not a valid header name
                                                         | responseHeaders: { remove: ['a b'] } | routes[0].responseHeaders.remove[0] | 'a b' is not a valid header name
                                                         | responseHeaders: { drop: [a] } | routes[0].responseHeaders.drop     | unknown key 'drop'
      """)
  void namesThePathOfABadSetting(String upstream, String route, String path, String fragment) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse(upstream == null ? "" : upstream, route == null ? "" : route));

    assertThat(e).isNotNull();
    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.path()).isEqualTo(path);
      assertThat(error.message()).contains(fragment);
    });
  }
}

package dev.portway.gateway.config;

import static dev.portway.gateway.config.ConfigErrorsTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  private static final ConfigLoader LOADER = ConfigLoader.create(Map.of());

  @Test
  void loadsEveryKeyOfAFullConfig() {
    Path file = resource("config/valid/full.yaml");

    GatewayConfig config = LOADER.load(file);

    assertThat(config.source()).isEqualTo(file.toString());
    assertThat(config.listener()).isEqualTo(new ListenerConfig("127.0.0.1", 8081));
    assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9911));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.accessLog()).isEqualTo(new AccessLogConfig(false, 1.0));
    assertThat(config.echoServer()).isEqualTo(new EchoServerConfig("127.0.0.1", 9913));
    assertThat(config.upstreams()).containsOnlyKeys("users", "echo");
    // Component by component: records that later issues extend must not break this test.
    UpstreamConfig users = config.upstreams().get("users");
    assertThat(users).extracting(UpstreamConfig::name, UpstreamConfig::loadBalancer, UpstreamConfig::timeouts)
        .containsExactly("users", "round-robin",
            new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2)));
    assertThat(users.targets()).extracting(TargetConfig::url, TargetConfig::host, TargetConfig::port, TargetConfig::tls)
        .containsExactly(tuple("http://users-1.internal:8080", "users-1.internal", 8080, false),
            tuple("https://users-2.internal", "users-2.internal", 443, true));
    assertThat(issue2Components(config.routes().get(0))).containsExactly(
        "users",
        10,
        new MatchConfig(List.of("api.example.com", "*.example.com"), "/users/{id}", List.of("GET", "POST"),
            Map.of("X-Tenant", "acme"), null, Map.of(), Map.of(), Map.of()),
        "users",
        "/api",
        new RewritePathConfig("^/old/(.*)$", "/new/$1"),
        new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(2)));
  }

  /** The components this issue defined, in order (null-tolerant, unlike List.of). */
  private static List<Object> issue2Components(RouteConfig route) {
    return Arrays.asList(route.id(), route.priority(), route.match(), route.upstream(), route.stripPrefix(),
        route.rewritePath(), route.timeouts());
  }

  @Test
  void keepsUpstreamsAndRoutesInDocumentOrder() {
    GatewayConfig config = LOADER.load(resource("config/valid/full.yaml"));

    assertThat(config.upstreams().keySet()).containsExactly("users", "echo");
    assertThat(config.routes()).extracting(RouteConfig::id).containsExactly("users", "echo");
  }

  @Test
  void appliesDefaultsToAnEmptyGateway() {
    GatewayConfig config = LOADER.load(resource("config/valid/minimal.yaml"));

    assertThat(config.listener()).isEqualTo(new ListenerConfig("0.0.0.0", 8080));
    assertThat(config.admin()).isEqualTo(new AdminConfig("0.0.0.0", 9901));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.accessLog().enabled()).isTrue();
    assertThat(config.echoServer()).isNull();
    assertThat(config.upstreams()).isEmpty();
    assertThat(config.routes()).isEmpty();
  }

  @Test
  void anEmptyEchoServerMappingTurnsItOnWithItsDefaults() {
    GatewayConfig config = LOADER.parse("echoServer: {}\n", "p.yaml");

    assertThat(config.echoServer()).isEqualTo(new EchoServerConfig("127.0.0.1", 9903));
  }

  @Test
  void portZeroMeansAnyFreePortAndMayRepeat() {
    GatewayConfig config = LOADER.parse("listener: { port: 0 }\nadmin: { port: 0 }\nechoServer: { port: 0 }\n", "p.yaml");

    assertThat(config.listener().port()).isZero();
    assertThat(config.admin().port()).isZero();
    assertThat(config.echoServer().port()).isZero();
  }

  @Test
  void appliesRouteDefaults() {
    GatewayConfig config = LOADER.parse(String.join("\n",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }] } }",
        "routes: [{ id: echo, upstream: echo }]"), "p.yaml");

    assertThat(config.routes()).hasSize(1);
    assertThat(issue2Components(config.routes().get(0))).containsExactly(
        "echo", 0, new MatchConfig(List.of(), null, List.of(), Map.of(), null, Map.of(), Map.of(), Map.of()), "echo", null, null, TimeoutsConfig.DEFAULTS);
    assertThat(config.upstreams().get("echo").loadBalancer()).isEqualTo("round-robin");
  }

  @ParameterizedTest(name = "defaults {0}, upstream {1}, route {2} → {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # upstream timeouts           | route timeouts                | effective connect, response, idle
      {}                            | {}                            | 5s,  30s, 60s
      { connect: 1s }               | {}                            | 1s,  30s, 60s
      { connect: 1s, idle: 2m }     | { response: 250ms }           | 1s,  250ms, 2m
      {}                            | { connect: 3s, idle: 1h }     | 3s,  30s, 1h
      { response: 10s }             | { response: 20s }             | 5s,  20s, 60s
      """)
  void mergesTimeoutsFieldByFieldDefaultsThenUpstreamThenRoute(String upstream, String route, String expected) {
    GatewayConfig config = LOADER.parse(String.join("\n",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }], timeouts: " + upstream + " } }",
        "routes: [{ id: echo, upstream: echo, timeouts: " + route + " }]"), "p.yaml");

    String[] durations = expected.split(",\\s*");
    assertThat(config.routes().get(0).timeouts()).isEqualTo(new TimeoutsConfig(
        Durations.parse(durations[0]), Durations.parse(durations[1]), Durations.parse(durations[2])));
  }

  @Test
  void interpolatesEnvironmentVariablesBeforeTyping() {
    ConfigLoader loader = ConfigLoader.create(Map.of("PORT", "8181", "ACCESS_LOG", "false", "TENANT", "42"));

    GatewayConfig config = loader.parse(String.join("\n",
        "listener:",
        "  host: ${HOST:-127.0.0.2}",
        "  port: ${PORT}",
        "admin: { port: '${ADMIN_PORT:-9902}' }",
        "accessLog: { enabled: '${ACCESS_LOG}' }",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:${PORT}' }] } }",
        "routes: [{ id: echo, upstream: echo, match: { headers: { X-Tenant: '${TENANT}' } } }]"), "p.yaml");

    assertThat(config.listener()).isEqualTo(new ListenerConfig("127.0.0.2", 8181));
    // Quoted because { } needs it; still typed after substitution.
    assertThat(config.admin().port()).isEqualTo(9902);
    assertThat(config.accessLog().enabled()).isFalse();
    assertThat(config.upstreams().get("echo").targets().get(0).port()).isEqualTo(8181);
    assertThat(config.routes().get(0).match().headers()).containsEntry("X-Tenant", "42");
  }

  @Test
  void anUnquotedVariableInsideBracesGetsAHint() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> LOADER.parse("listener: { port: ${PORT:-8080} }\n", "p.yaml"));

    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.line()).isEqualTo(1);
      assertThat(error.message()).startsWith("invalid YAML: ").endsWith("(inside { } or [ ], quote a variable: '${VAR}')");
    });
  }

  @Test
  void aDefaultAlsoReplacesAVariableSetToEmpty() {
    ConfigLoader loader = ConfigLoader.create(Map.of("PORT", ""));

    assertThat(loader.parse("listener:\n  port: ${PORT:-8282}\n", "p.yaml").listener().port()).isEqualTo(8282);
  }

  @Test
  void doubleDollarEscapesInterpolation() {
    GatewayConfig config = LOADER.parse(String.join("\n",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }] } }",
        "routes:",
        "  - id: echo",
        "    upstream: echo",
        "    rewritePath: { regex: '^/v1/(?<rest>.*)$', replacement: '/v2/$${rest}' }"), "p.yaml");

    assertThat(config.routes().get(0).rewritePath().replacement()).isEqualTo("/v2/${rest}");
  }

  @Test
  void anUndefinedVariableInAQuotedScalarIsReportedToo() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> LOADER.parse("listener:\n  host: \"${BIND_HOST}\"\n", "p.yaml"));

    assertThat(e.errors()).singleElement().hasToString(
        "p.yaml:2:9: listener.host: environment variable 'BIND_HOST' is not set (give a default with ${BIND_HOST:-value})");
  }

  @Test
  void typesScalarsByTheYaml12CoreSchema() {
    GatewayConfig config = LOADER.parse(String.join("\n",
        "listener: { port: 0x1F90 }",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }] } }",
        "routes: [{ id: echo, upstream: echo, match: { headers: { X-Country: NO, X-Debug: on } } }]"), "p.yaml");

    assertThat(config.listener().port()).isEqualTo(8080);
    // YAML 1.1 would have made these booleans (the "Norway problem").
    assertThat(config.routes().get(0).match().headers()).containsEntry("X-Country", "NO").containsEntry("X-Debug", "on");
  }

  @Test
  void yesIsNotABoolean() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> LOADER.parse("accessLog:\n  enabled: yes\n", "p.yaml"));

    assertThat(e.errors()).singleElement().hasToString("p.yaml:2:12: accessLog.enabled: expected a boolean, got string 'yes'");
  }

  @Test
  void normalisesHostsToLowerCaseAndMethodsToUpperCase() {
    GatewayConfig config = LOADER.parse(String.join("\n",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }] } }",
        "routes: [{ id: echo, upstream: echo, match: { hosts: [Api.Example.COM], methods: [get, Patch] } }]"), "p.yaml");

    assertThat(config.routes().get(0).match().hosts()).containsExactly("api.example.com");
    assertThat(config.routes().get(0).match().methods()).containsExactly("GET", "PATCH");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # url                         | host           | port | tls
      http://users.internal         | users.internal |   80 | false
      https://users.internal        | users.internal |  443 | true
      http://10.0.0.7:8080/         | 10.0.0.7       | 8080 | false
      HTTPS://users.internal:8443   | users.internal | 8443 | true
      http://[::1]:9000             | ::1            | 9000 | false
      """)
  void parsesTargetUrls(String url, String host, int port, boolean tls) {
    GatewayConfig config = LOADER.parse("upstreams: { u: { targets: [{ url: '" + url + "' }] } }", "p.yaml");

    assertThat(config.upstreams().get("u").targets())
        .extracting(TargetConfig::url, TargetConfig::host, TargetConfig::port, TargetConfig::tls)
        .containsExactly(tuple(url, host, port, tls));
  }
}

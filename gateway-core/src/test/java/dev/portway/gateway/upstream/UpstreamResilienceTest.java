package dev.portway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Eventually;
import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.CircuitBreakerConfig;
import dev.portway.gateway.config.HealthCheckConfig;
import dev.portway.gateway.config.OutlierDetectionConfig;
import dev.portway.gateway.config.RetryBudgetConfig;
import dev.portway.gateway.config.RetryConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retries, health checks, outlier ejection, circuit breaking and consistent hashing end to end: a real
 * client, gateway and upstream servers on loopback. Targets are picked round-robin unless a test says
 * otherwise, so a sequence of requests visits them in a known order.
 */
class UpstreamResilienceTest extends LoopbackTest {

  private static final RetryConfig DEFAULT_RETRY = new RetryConfig(2, Set.of("GET", "HEAD", "PUT", "DELETE"),
      true, true, false, Set.of(), null);

  /** A target that answers {@code status.get()} with its {@code name} (and the body length it read) as body, and counts requests outside {@code /health}. */
  private record Server(int port, AtomicInteger status, AtomicInteger hits) {}

  private Server server(String name, int status) {
    AtomicInteger current = new AtomicInteger(status);
    AtomicInteger hits = new AtomicInteger();
    int port = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (!request.path().equals("/health")) {
        hits.incrementAndGet();
      }
      request.response().setStatusCode(current.get()).end(name + ":" + body.length());
    })).listen(0, "127.0.0.1").await().actualPort();
    return new Server(port, current, hits);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static UpstreamConfig upstream(String balancer, String hashOn, HealthCheckConfig healthCheck,
      OutlierDetectionConfig outlier, CircuitBreakerConfig breaker, RetryBudgetConfig budget, int... ports) {
    List<TargetConfig> targets = Arrays.stream(ports)
        .mapToObj(port -> new TargetConfig("http://127.0.0.1:" + port, "127.0.0.1", port, false, 1))
        .toList();
    return new UpstreamConfig("up", targets, balancer, TimeoutsConfig.DEFAULTS, hashOn, healthCheck, outlier, breaker,
        budget, "http/1.1");
  }

  private static UpstreamConfig roundRobin(int... ports) {
    return upstream("round-robin", "client-ip", null, null, null, RetryBudgetConfig.DEFAULTS, ports);
  }

  private Gateway start(UpstreamConfig upstream, RetryConfig retry) {
    RouteConfig route = new RouteConfig("r", 0, TestConfigs.match("/**"), "up", null, null, TimeoutsConfig.DEFAULTS,
        retry);
    return Gateway.start(vertx, TestConfigs.gateway(List.of(upstream), List.of(route))).await();
  }

  private Response get(Gateway gateway) {
    return Http.get(client, gateway.port(), "/");
  }

  private Response post(Gateway gateway, String body) {
    return Http.send(client, new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/"), body == null ? null : Buffer.buffer(body));
  }

  private static double counter(Gateway gateway, String name) {
    Counter counter = gateway.registry().find(name).tag("upstream", "up").counter();
    return counter == null ? 0 : counter.count();
  }

  private static double targetGauge(Gateway gateway, String name, int port) {
    Gauge gauge = gateway.registry().find(name).tags("upstream", "up", "target", "127.0.0.1:" + port).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  @Test
  void aConnectFailureIsRetriedOnTheNextTargetEvenForAPostWithABody() throws Exception {
    Server ok = server("ok", 200);
    Gateway gateway = start(roundRobin(closedPort(), ok.port()), DEFAULT_RETRY);

    for (int i = 0; i < 4; i++) {
      Response response = post(gateway, "hello");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body().toString()).as("the body reached the target whole").isEqualTo("ok:5");
    }
    // Each request's first try lands on the closed port: the retry takes the next turn of the round.
    assertThat(counter(gateway, UpstreamMeters.RETRIES)).isEqualTo(4);
  }

  @Test
  void aListedStatusIsRetriedForIdempotentMethodsOnly() {
    Server unavailable = server("unavailable", 503);
    Server ok = server("ok", 200);
    RetryConfig on503 = new RetryConfig(2, Set.of("GET"), true, true, false, Set.of(503), null);
    Gateway gateway = start(roundRobin(unavailable.port(), ok.port()), on503);

    Set<Integer> postStatuses = new HashSet<>(List.of(post(gateway, null).status(), post(gateway, null).status()));
    assertThat(postStatuses).as("POST is not retried: one of two hits the 503 target").containsExactlyInAnyOrder(503, 200);

    for (int i = 0; i < 4; i++) {
      assertThat(get(gateway).body().toString()).isEqualTo("ok:0");
    }
    assertThat(unavailable.hits().get()).as("one POST, then each GET's first try").isEqualTo(5);
  }

  @Test
  void neverRetriesOnceTheResponseHasStarted() {
    AtomicInteger breakingHits = new AtomicInteger();
    int breaking = vertx.createHttpServer().requestHandler(request -> {
      breakingHits.incrementAndGet();
      request.response().setChunked(true).write("partial").onSuccess(v -> request.connection().close());
    }).listen(0, "127.0.0.1").await().actualPort();
    Server ok = server("ok", 200);
    Gateway gateway = start(roundRobin(breaking, ok.port()), DEFAULT_RETRY);

    Throwable failure = Http.exchange(client, new RequestOptions().setHost("127.0.0.1").setPort(gateway.port())
        .setURI("/"), null).transform(done -> io.vertx.core.Future.succeededFuture(done.cause())).await();

    assertThat(failure).as("the client sees the broken response, not a retried one").isNotNull();
    assertThat(breakingHits.get()).isEqualTo(1);
    assertThat(ok.hits().get()).isZero();
  }

  @Test
  void aTryThatExceedsThePerTryTimeoutMovesOnToTheNextTarget() {
    int silent = vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1").await().actualPort();
    Server ok = server("ok", 200);
    RetryConfig onTimeout = new RetryConfig(2, Set.of("GET"), true, true, true, Set.of(), Duration.ofMillis(200));
    Gateway gateway = start(roundRobin(silent, ok.port()), onTimeout);

    Response response = get(gateway);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().toString()).isEqualTo("ok:0");
  }

  @Test
  void aSpentRetryBudgetAnswersWithTheFailureInsteadOfRetrying() throws Exception {
    Server ok = server("ok", 200);
    Gateway gateway = start(upstream("round-robin", "client-ip", null, null, null, new RetryBudgetConfig(0, 0),
        closedPort(), ok.port()), DEFAULT_RETRY);

    assertThat(get(gateway).status()).isEqualTo(502);
    assertThat(counter(gateway, UpstreamMeters.RETRY_BUDGET_EXHAUSTED)).isEqualTo(1);
    assertThat(counter(gateway, UpstreamMeters.RETRIES)).isZero();
  }

  @Test
  void activeHealthChecksTakeAFailingTargetOutAndBringItBack() {
    Server sick = server("sick", 200);
    Server ok = server("ok", 200);
    HealthCheckConfig check = new HealthCheckConfig("/health", Duration.ofMillis(50), Duration.ofSeconds(1), 1, 2);
    Gateway gateway = start(upstream("round-robin", "client-ip", check, null, null, RetryBudgetConfig.DEFAULTS,
        sick.port(), ok.port()), null);

    sick.status().set(500);
    Eventually.until(() -> targetGauge(gateway, UpstreamMeters.TARGET_HEALTHY, sick.port()) == 0);
    int sickHits = sick.hits().get();
    for (int i = 0; i < 6; i++) {
      assertThat(get(gateway).body().toString()).isEqualTo("ok:0");
    }
    assertThat(sick.hits().get()).isEqualTo(sickHits);

    sick.status().set(200);
    Eventually.until(() -> targetGauge(gateway, UpstreamMeters.TARGET_HEALTHY, sick.port()) == 1);
    assertThat(List.of(get(gateway).body().toString(), get(gateway).body().toString()))
        .containsExactlyInAnyOrder("sick:0", "ok:0");
  }

  @Test
  void anUpstreamWithoutAHealthyTargetAnswers503AtOnce() {
    Server sick = server("sick", 500);
    HealthCheckConfig check = new HealthCheckConfig("/health", Duration.ofMillis(50), Duration.ofSeconds(1), 1, 1);
    Gateway gateway = start(upstream("round-robin", "client-ip", check, null, null, RetryBudgetConfig.DEFAULTS,
        sick.port()), DEFAULT_RETRY);
    Eventually.until(() -> targetGauge(gateway, UpstreamMeters.TARGET_HEALTHY, sick.port()) == 0);
    int hits = sick.hits().get();

    Response response = get(gateway);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().getString("error")).isEqualTo("no_healthy_target");
    assertThat(sick.hits().get()).isEqualTo(hits);
    assertThat(counter(gateway, UpstreamMeters.NO_TARGET)).isEqualTo(1);
  }

  @Test
  void outlierDetectionEjectsATargetThatKeepsFailing() {
    Server bad = server("bad", 502);
    Server ok = server("ok", 200);
    OutlierDetectionConfig outlier = new OutlierDetectionConfig(2, Duration.ofMinutes(1), Duration.ofMinutes(5));
    Gateway gateway = start(upstream("round-robin", "client-ip", null, outlier, null, RetryBudgetConfig.DEFAULTS,
        bad.port(), ok.port()), null);

    assertThat(List.of(get(gateway).status(), get(gateway).status(), get(gateway).status()))
        .containsExactly(502, 200, 502);
    for (int i = 0; i < 6; i++) {
      assertThat(get(gateway).status()).isEqualTo(200);
    }
    assertThat(bad.hits().get()).isEqualTo(2);
    assertThat(targetGauge(gateway, UpstreamMeters.TARGET_HEALTHY, bad.port())).isZero();
    assertThat(gateway.registry().find(UpstreamMeters.TARGET_EJECTIONS).tag("target", "127.0.0.1:" + bad.port())
        .functionCounter().count()).isEqualTo(1);
  }

  @Test
  void aCircuitBreakerOpensOnFailuresAndClosesAfterASuccessfulProbe() {
    Server flaky = server("flaky", 500);
    CircuitBreakerConfig breaker = new CircuitBreakerConfig(2, 1.0, 10, Duration.ofMillis(100), 1);
    Gateway gateway = start(upstream("round-robin", "client-ip", null, null, breaker, RetryBudgetConfig.DEFAULTS,
        flaky.port()), null);

    assertThat(List.of(get(gateway).status(), get(gateway).status())).containsExactly(500, 500);
    assertThat(targetGauge(gateway, UpstreamMeters.TARGET_CIRCUIT_STATE, flaky.port())).isEqualTo(1);
    flaky.status().set(200);

    Eventually.until(() -> get(gateway).status() == 200);
    assertThat(targetGauge(gateway, UpstreamMeters.TARGET_CIRCUIT_STATE, flaky.port())).isZero();
    assertThat(flaky.hits().get()).as("two failures and one probe; nothing while open").isEqualTo(3);
  }

  @Test
  void consistentHashOnAHeaderKeepsEachUserOnOneTarget() {
    Server a = server("a", 200);
    Server b = server("b", 200);
    Server c = server("c", 200);
    Gateway gateway = start(upstream("consistent-hash", "header:X-User", null, null, null, RetryBudgetConfig.DEFAULTS,
        a.port(), b.port(), c.port()), null);

    Set<String> used = new HashSet<>();
    for (int user = 0; user < 20; user++) {
      Set<String> servedBy = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI("/")
            .putHeader("X-User", "user-" + user);
        servedBy.add(Http.send(client, options, null).body().toString());
      }
      assertThat(servedBy).hasSize(1);
      used.addAll(servedBy);
    }
    assertThat(used).hasSizeGreaterThan(1);
  }
}

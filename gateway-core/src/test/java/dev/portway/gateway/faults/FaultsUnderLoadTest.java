package dev.portway.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway under load while something goes wrong, each test printing its figures. Bounded: each
 * load phase lasts {@code -Dportway.faults.seconds} (default 10; bench/faults/run.sh passes 60).
 */
class FaultsUnderLoadTest extends LoopbackTest {

  static final Duration PHASE = Duration.ofSeconds(Long.getLong("portway.faults.seconds", 10));
  static final int CONCURRENCY = 16;

  @TempDir
  Path dir;

  Vertx loadVertx;

  @BeforeEach
  void loadVertx() {
    loadVertx = Vertx.vertx();
  }

  @AfterEach
  void closeLoadVertx() {
    loadVertx.close().await();
  }

  private HttpServer upstream(String answer) {
    return vertx.createHttpServer().requestHandler(r -> r.response().end(answer)).listen(0, "127.0.0.1").await();
  }

  private Gateway start(String yaml) throws Exception {
    Path file = dir.resolve("portway.yaml");
    Files.writeString(file, yaml);
    return Gateway.start(vertx, ConfigLoader.create().load(file)).await();
  }

  private static String config(String upstreams, String routes) {
    return """
        listener: { host: 127.0.0.1, port: 0 }
        admin: { host: 127.0.0.1, port: 0 }
        drainTimeout: 10s
        accessLog: { enabled: false }
        upstreams:
        %sroutes:
        %s""".formatted(upstreams, routes);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void reloadEverySecondUnderLoadFailsNoRequest() throws Exception {
    int one = upstream("one").actualPort();
    int two = upstream("two").actualPort();
    // Each reload changes the upstream (a new pool replaces the old one) and adds or removes a route.
    String[] configs = new String[2];
    for (int i = 0; i < 2; i++) {
      configs[i] = config("""
            up:
              targets: [ { url: 'http://127.0.0.1:%d' }, { url: 'http://127.0.0.1:%d' } ]
              timeouts: { response: %ds }
          """.formatted(one, two, 30 + i), """
            - { id: load, match: { path: /load }, upstream: up }
          """ + (i == 1 ? "  - { id: extra, match: { path: /extra }, upstream: up }\n" : ""));
    }
    Gateway gateway = start(configs[0]);
    Path file = Path.of(gateway.config().source());
    AtomicLong reloads = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    long timer = vertx.setPeriodic(1000, id -> {
      int next = (int) (reloads.get() + 1) % 2;
      // Written on a worker thread, reloaded in order; the gateway's loops keep serving meanwhile.
      vertx.executeBlocking(() -> Files.writeString(file, configs[next]))
          .compose(v -> gateway.reload("test"))
          .onComplete(done -> (done.succeeded() ? reloads : rejected).incrementAndGet());
    });

    Load.Result load = Load.run(loadVertx, gateway.port(), "/load", CONCURRENCY, PHASE).await();
    vertx.cancelTimer(timer);

    System.out.printf("reload every second under load: %d s, %d reloads (%d rejected), %d requests (%.0f/s), "
        + "%d failed %s%n", PHASE.toSeconds(), reloads.get(), rejected.get(), load.requests(), load.perSecond(),
        load.failures().size(), load.failures().stream().limit(5).toList());
    assertThat(reloads.get()).isGreaterThanOrEqualTo(PHASE.toSeconds() - 2);
    assertThat(rejected.get()).isZero();
    assertThat(load.failures()).isEmpty();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aKilledTargetFailsOnlyTheRequestsCaughtByItsDeath() throws Exception {
    HttpServer doomed = upstream("doomed");
    int survivor = upstream("survivor").actualPort();
    Gateway gateway = start(config("""
          up:
            targets: [ { url: 'http://127.0.0.1:%d' }, { url: 'http://127.0.0.1:%d' } ]
            healthCheck: { path: /, interval: 500ms, timeout: 2s, unhealthyThreshold: 2 }
            retryBudget: { ratio: 1.0, minRetries: %d }
        """.formatted(doomed.actualPort(), survivor, CONCURRENCY), """
          - { id: load, match: { path: /load }, upstream: up, retry: { attempts: 3, on: [connect-failure, reset] } }
        """));
    AtomicLong killedAt = new AtomicLong();
    vertx.setTimer(PHASE.toMillis() / 3, id -> doomed.close().onComplete(v -> killedAt.set(System.nanoTime())));

    Load.Result load = Load.run(loadVertx, gateway.port(), "/load", CONCURRENCY, PHASE).await();

    // Until the health check has failed it twice (2 x 500 ms, plus a check in progress), retries can draw
    // the dead target again; after that, nothing may fail.
    long settled = killedAt.get() + TimeUnit.SECONDS.toNanos(3);
    long afterSettling = load.failures().stream().filter(f -> f.atNanos() > settled).count();
    long lastMillis = load.failures().stream().mapToLong(f -> (f.atNanos() - killedAt.get()) / 1_000_000).max().orElse(0);
    System.out.printf("one of two targets killed under load: %d requests (%.0f/s), %d failed in all, the last "
            + "%d ms after the kill, %d later than 3 s after it %s%n", load.requests(), load.perSecond(),
        load.failures().size(), lastMillis, afterSettling, load.failures().stream().limit(3).toList());
    assertThat(killedAt.get()).isPositive();
    // The requests on connections to the target when it died (and the retries that drew it again before the
    // health check took it out) may fail; nothing after that.
    assertThat(load.failures().size()).isLessThan((int) (load.requests() / 100));
    assertThat(afterSettling).isZero();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aSlowUpstreamGets504AtTheTimeoutAndNeverBlocksAnEventLoop() throws Exception {
    int slow = vertx.createHttpServer().requestHandler(r -> { /* never answers */ })
        .listen(0, "127.0.0.1").await().actualPort();
    int fast = upstream("fast").actualPort();
    Gateway gateway = start(config("""
          slow: { targets: [ { url: 'http://127.0.0.1:%d' } ], timeouts: { response: 5s } }
          fast: { targets: [ { url: 'http://127.0.0.1:%d' } ] }
        """.formatted(slow, fast), """
          - { id: slow, match: { path: /slow }, upstream: slow }
          - { id: fast, match: { path: /fast }, upstream: fast }
        """));
    // Lateness of a 10 ms timer on every event loop the gateway uses: what a blocked loop would show.
    EventLoopDelay delay = EventLoopDelay.start(vertx, Duration.ofMillis(10));

    Future<Load.Result> slowLoad = Load.run(loadVertx, gateway.port(), "/slow", CONCURRENCY, PHASE);
    Load.Result fastLoad = Load.run(loadVertx, gateway.port(), "/fast", CONCURRENCY, PHASE).await();
    Load.Result slowResult = slowLoad.await();
    delay.stop();

    System.out.printf("slow upstream (response timeout 5 s): %d requests, %d answered 504, other %s; "
            + "fast route beside it: %d requests (%.0f/s), %d failed; max event-loop delay %d ms%n",
        slowResult.requests(), slowResult.count(504), slowResult.byStatus(), fastLoad.requests(),
        fastLoad.perSecond(), fastLoad.failures().size(), delay.maxMillis());
    assertThat(slowResult.count(504)).isEqualTo(slowResult.requests());
    assertThat(fastLoad.failures()).isEmpty();
    // A loop that waited for the slow upstream would be late by the whole timeout, request after request.
    assertThat(delay.maxMillis()).isLessThan(5000);
  }
}

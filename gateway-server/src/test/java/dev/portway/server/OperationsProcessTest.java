package dev.portway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The program under an operator's hand: SIGHUP reloads, SIGTERM under load drops no request in flight. */
class OperationsProcessTest {

  /** How long the upstream takes per request: long enough that SIGTERM lands while many are in flight. */
  static final int UPSTREAM_MILLIS = 200;

  @TempDir
  Path dir;

  HttpServer upstream;
  /** Released by the test: the one request to /held stays in flight until then. */
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch heldArrived = new CountDownLatch(1);
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.setExecutor(Executors.newCachedThreadPool());
    upstream.createContext("/", exchange -> {
      try {
        if (exchange.getRequestURI().getPath().equals("/held")) {
          heldArrived.countDown();
          release.await(30, TimeUnit.SECONDS);
        } else {
          Thread.sleep(UPSTREAM_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() {
    upstream.stop(0);
  }

  private Path config(String routes) throws Exception {
    Path file = dir.resolve("portway.yaml");
    Files.writeString(file, """
        listener: { host: 127.0.0.1, port: 0 }
        admin: { host: 127.0.0.1, port: 0 }
        drainTimeout: 20s
        accessLog: { enabled: false }
        upstreams:
          up: { targets: [ { url: 'http://127.0.0.1:%d' } ] }
        routes:
        %s""".formatted(upstream.getAddress().getPort(), routes));
    return file;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sighupReloadsTheConfigFile() throws Exception {
    Path file = config("  - { id: a, match: { path: /a }, upstream: up }\n");
    try (PortwayProcess portway = PortwayProcess.start(file, Map.of("PORTWAY_CONFIG_WATCH", "0"))) {
      assertThat(get(portway.port, "/b").statusCode()).isEqualTo(404);
      config("  - { id: a, match: { path: /a }, upstream: up }\n  - { id: b, match: { path: /b }, upstream: up }\n");

      portway.signal("HUP");

      // The reload logs its outcome once the new routes serve: that line, not a clock, ends the wait.
      assertThat(portway.awaitLine("Config reload", 20, TimeUnit.SECONDS)).contains("Config reloaded (signal)");
      assertThat(get(portway.port, "/b").statusCode()).as("route b served after SIGHUP").isEqualTo(200);
      assertThat(get(portway.adminPort, "/metrics").body())
          .contains("portway_config_reloads_total{result=\"success\"} 1.0");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theJvmMetersAreServedOnceReady() throws Exception {
    try (PortwayProcess portway = PortwayProcess.start(config("  - { id: a, match: { path: /a }, upstream: up }\n"),
        Map.of())) {
      assertThat(get(portway.adminPort, "/metrics").body())
          .contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_memory_allocated_bytes_total", "process_cpu_usage");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSighupIgnoredAtStartIsReportedNotSilentlyLost() throws Exception {
    Path file = config("  - { id: a, match: { path: /a }, upstream: up }\n");
    try (PortwayProcess portway = PortwayProcess.start(file, Map.of("PORTWAY_CONFIG_WATCH", "0"),
        "--ignore-signal=HUP")) {
      assertThat(portway.output).anyMatch(l -> l.contains("SIGHUP was ignored when portway started"));
    }
  }

  /**
   * Netty's allocator declares JFR events; registering them loads JFR's machinery on the event loop during
   * the first request (decision 1007). The class log shows whether the event class was ever loaded.
   */
  @ParameterizedTest(name = "{0}: Netty's AllocateChunkEvent loaded = {1}")
  @CsvSource({"no option, false", "-Dio.netty.jfr.enabled=true, true"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void nettysAllocatorJfrEventsAreOffUnlessTheOperatorTurnsThemOn(String option, boolean loaded) throws Exception {
    Path classLog = dir.resolve("classes.log");
    List<String> jvmOptions = new ArrayList<>(List.of("-Xlog:class+load=info:file=" + classLog));
    if (option.startsWith("-D")) {
      jvmOptions.add(option);
    }
    Path file = config("  - { id: a, match: { path: /a }, upstream: up }\n");
    try (PortwayProcess portway = PortwayProcess.start(file, Map.of(), "--default-signal=HUP", jvmOptions)) {
      assertThat(get(portway.port, "/a").statusCode()).isEqualTo(200);
      portway.signal("TERM");
      assertThat(portway.awaitExit()).isZero();
    }
    assertThat(Files.readString(classLog).contains("io.netty.buffer.AllocateChunkEvent ")).isEqualTo(loaded);
  }

  /**
   * Jackson's ObjectMapper loads some 600 classes, a tenth of a start; only a config with an API-key
   * consumers file needs one (decision 1009). The class log shows whether one was ever loaded.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aStartAndItsFirstRequestsBuildNoObjectMapper() throws Exception {
    Path classLog = dir.resolve("classes.log");
    Path file = config("  - { id: a, match: { path: /a, methods: [GET] }, upstream: up }\n");
    try (PortwayProcess portway = PortwayProcess.start(file, Map.of(), "--default-signal=HUP",
        List.of("-Xlog:class+load=info:file=" + classLog))) {
      assertThat(get(portway.port, "/a").statusCode()).isEqualTo(200);
      assertThat(get(portway.adminPort, "/metrics").statusCode()).isEqualTo(200);
      portway.signal("TERM");
      assertThat(portway.awaitExit()).isZero();
    }
    assertThat(Files.readString(classLog))
        .as("the config schema's tree is Jackson's")
        .contains("com.fasterxml.jackson.databind.JsonNode ")
        .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void sigtermUnderLoadTurnsNotReadyAndFinishesEveryRequestInFlight() throws Exception {
    Path file = config("  - { id: all, match: { path: /** }, upstream: up }\n");
    try (PortwayProcess portway = PortwayProcess.start(file, Map.of())) {
      CompletableFuture<HttpResponse<String>> held = client.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portway.port + "/held")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(heldArrived.await(20, TimeUnit.SECONDS)).isTrue();

      // Load: 16 clients, each one request after another, until SIGTERM; every request sent before it counts.
      AtomicBoolean signalled = new AtomicBoolean();
      AtomicInteger beforeOk = new AtomicInteger();
      List<String> beforeFailed = new ArrayList<>();
      AtomicInteger afterRefused = new AtomicInteger();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Thread t = new Thread(() -> {
          while (true) {
            boolean sentBefore = !signalled.get();
            try {
              int status = get(portway.port, "/work").statusCode();
              if (sentBefore && status == 200) {
                beforeOk.incrementAndGet();
              } else if (sentBefore) {
                synchronized (beforeFailed) {
                  beforeFailed.add("status " + status);
                }
              }
            } catch (Exception e) {
              if (sentBefore) {
                synchronized (beforeFailed) {
                  beforeFailed.add(e.toString());
                }
              } else {
                afterRefused.incrementAndGet();
                return;   // the listener is closed: this client is done
              }
            }
            if (!sentBefore) {
              return;
            }
          }
        });
        t.start();
        clients.add(t);
      }
      Thread.sleep(1_000);   // load, not a timing assertion

      signalled.set(true);
      portway.signal("TERM");

      // Readiness goes false while requests are still in flight (the held one cannot have finished).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (get(portway.adminPort, "/health/ready").statusCode() != 503) {
        assertThat(System.nanoTime()).as("readiness false during the drain").isLessThan(deadline);
      }
      assertThat(held).isNotDone();
      release.countDown();
      for (Thread t : clients) {
        t.join(30_000);
      }

      assertThat(held.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(portway.awaitExit()).isZero();
      System.out.printf("SIGTERM under load: %d requests sent before SIGTERM all answered 200, %d failed; "
          + "%d clients refused after%n", beforeOk.get(), beforeFailed.size(), afterRefused.get());
      assertThat(beforeFailed).isEmpty();
      assertThat(beforeOk.get()).isGreaterThan(16);
    }
  }
}

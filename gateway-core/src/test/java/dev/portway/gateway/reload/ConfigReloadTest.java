package dev.portway.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Eventually;
import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.config.ConfigLoader;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading from the config file: validated first, swapped atomically, the old config kept when invalid. */
class ConfigReloadTest extends LoopbackTest {

  @TempDir
  Path dir;

  Path file;
  PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
  int one;
  int two;
  /** Client connections each upstream server has seen, by remote port: a kept pool opens no new one. */
  Set<Integer> connectionsToOne = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void upstreams() {
    one = vertx.createHttpServer()
        .connectionHandler(c -> connectionsToOne.add(c.remoteAddress().port()))
        .requestHandler(r -> r.response().end("one")).listen(0, "127.0.0.1").await().actualPort();
    two = vertx.createHttpServer().requestHandler(r -> r.response().end("two")).listen(0, "127.0.0.1").await().actualPort();
    file = dir.resolve("portway.yaml");
  }

  private Gateway start(String routes) throws Exception {
    write(routes);
    return Gateway.start(vertx, ConfigLoader.create().load(file), registry).await();
  }

  private void write(String routes) throws Exception {
    Files.writeString(file, """
        listener: { host: 127.0.0.1, port: 0 }
        admin: { host: 127.0.0.1, port: 0 }
        drainTimeout: 5s
        upstreams:
          one: { targets: [ { url: 'http://127.0.0.1:%d' } ] }
          two: { targets: [ { url: 'http://127.0.0.1:%d' } ] }
        routes:
        %s""".formatted(one, two, routes));
  }

  private static final String A_TO_ONE = "  - { id: a, match: { path: /a }, upstream: one }\n";
  private static final String B_TO_TWO = "  - { id: b, match: { path: /b }, upstream: two }\n";

  private Response admin(Gateway gateway, HttpMethod method, String uri) {
    return Http.send(client, new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(gateway.adminPort())
        .setURI(uri), Buffer.buffer());
  }

  private double reloads(String result) {
    return registry.get(ConfigReloader.RELOADS).tag("result", result).counter().count();
  }

  @Test
  void postAdminReloadAppliesAValidFile() throws Exception {
    Gateway gateway = start(A_TO_ONE);
    write(A_TO_ONE + B_TO_TWO);

    Response reloaded = admin(gateway, HttpMethod.POST, "/admin/reload");

    assertThat(reloaded.status()).isEqualTo(200);
    assertThat(Http.get(client, gateway.port(), "/b").body().toString()).isEqualTo("two");
    assertThat(reloads("success")).isEqualTo(1);
    Response config = admin(gateway, HttpMethod.GET, "/admin/config");
    assertThat(config.status()).as("GET /admin/config: %s", config).isEqualTo(200);
    JsonObject state = new JsonObject(config.body());
    assertThat(state.getJsonObject("lastReload").getString("result")).isEqualTo("success");
    assertThat(state.getJsonObject("lastReload").getString("trigger")).isEqualTo("admin");
    assertThat(state.getString("source")).isEqualTo(file.toString());
    assertThat(state.getValue("lastError")).isNull();
  }

  @Test
  void anInvalidFileLeavesTheOldConfigServingAndSaysWhereItIsWrong() throws Exception {
    Gateway gateway = start(A_TO_ONE);
    write("  - { id: a, match: { path: /a }, upstream: nowhere }\n");

    Response rejected = admin(gateway, HttpMethod.POST, "/admin/reload");

    assertThat(rejected.status()).isEqualTo(422);
    assertThat(Http.get(client, gateway.port(), "/a").body().toString()).isEqualTo("one");
    assertThat(reloads("failure")).isEqualTo(1);
    assertThat(reloads("success")).isZero();
    JsonObject error = new JsonObject(admin(gateway, HttpMethod.GET, "/admin/config").body())
        .getJsonObject("lastError").getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("file")).isEqualTo(file.toString());
    assertThat(error.getInteger("line")).isEqualTo(8);
    assertThat(error.getString("path")).isEqualTo("routes[0].upstream");
    assertThat(error.getString("message")).contains("nowhere");
  }

  @Test
  void onlyPostReloads() throws Exception {
    Gateway gateway = start(A_TO_ONE);

    assertThat(admin(gateway, HttpMethod.GET, "/admin/reload").status()).isEqualTo(405);
    assertThat(reloads("success") + reloads("failure")).isZero();
  }

  @Test
  void anUnchangedUpstreamKeepsItsPooledConnections() throws Exception {
    Gateway gateway = start(A_TO_ONE);
    assertThat(Http.get(client, gateway.port(), "/a").body().toString()).isEqualTo("one");
    write(A_TO_ONE + B_TO_TWO);

    gateway.reload("test").await();

    assertThat(Http.get(client, gateway.port(), "/a").body().toString()).isEqualTo("one");
    assertThat(connectionsToOne).hasSize(1);
  }

  @Test
  void aRequestInFlightFinishesOnTheConfigItStartedWith() throws Exception {
    Promise<HttpServerResponse> held = Promise.promise();
    int slow = vertx.createHttpServer().requestHandler(r -> held.tryComplete(r.response()))
        .listen(0, "127.0.0.1").await().actualPort();
    one = slow;
    Gateway gateway = start(A_TO_ONE);
    Future<Response> inFlight = Http.exchange(client, new RequestOptions().setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/a"), Buffer.buffer());
    HttpServerResponse upstreamResponse = held.future().await();

    write(B_TO_TWO);   // upstream one and route a are gone from the new config
    gateway.reload("test").await();
    assertThat(Http.get(client, gateway.port(), "/a").status()).isEqualTo(404);
    upstreamResponse.end("finished on the old config");

    assertThat(inFlight.await().status()).isEqualTo(200);
    assertThat(inFlight.await().body().toString()).isEqualTo("finished on the old config");
  }

  @Test
  void aWatchedFileIsReloadedWhenItChanges() throws Exception {
    Gateway gateway = start(A_TO_ONE);
    ConfigWatcher watcher = ConfigWatcher.start(vertx, file, Duration.ofMillis(20), () -> gateway.reload("file")).await();
    try {
      write(A_TO_ONE + B_TO_TWO);
      // mtime granularity can be coarse: a different size makes the change visible regardless.
      Eventually.until(() -> Http.get(client, gateway.port(), "/b").status() == 200);
      assertThat(reloads("success")).isEqualTo(1);
    } finally {
      watcher.stop();
    }
  }
}

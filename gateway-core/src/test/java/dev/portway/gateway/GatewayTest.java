package dev.portway.gateway;

import static dev.portway.gateway.TestConfigs.gateway;
import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.accesslog.AccessLog;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.echo.EchoServer;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The facade: metrics, the admin listener, the access log, graceful drain, config swap. */
class GatewayTest {

  private PrometheusMeterRegistry registry;
  private Vertx vertx;
  private HttpClient client;

  @BeforeEach
  void setUp() {
    registry = MetricsSetup.newRegistry();
    vertx = MetricsSetup.vertx(registry);
    client = vertx.createHttpClient();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Gateway start(GatewayConfig config) {
    return Gateway.start(vertx, config, registry).await();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void metricsShowRequestsByRouteMethodAndStatusClassAndUpstreamOutcomes() throws Exception {
    int echo = EchoServer.start(vertx, new EchoServerConfig("127.0.0.1", 0)).await().actualPort();
    RouteConfig echoRoute = new RouteConfig("echo", 0, TestConfigs.match("/echo/**"), "echo", "/echo", null,
        TimeoutsConfig.DEFAULTS, null);
    Gateway gateway = start(gateway(List.of(upstream("echo", echo), upstream("down", closedPort())),
        List.of(echoRoute, route("down", "/down/**", "down"))));

    assertThat(Http.get(client, gateway.port(), "/echo/a").status()).isEqualTo(200);
    assertThat(Http.get(client, gateway.port(), "/echo/b").status()).isEqualTo(200);
    assertThat(Http.get(client, gateway.port(), "/nowhere").status()).isEqualTo(404);
    assertThat(Http.get(client, gateway.port(), "/down/x").status()).isEqualTo(502);

    // Meters are recorded once the response has been written, which may trail the client by a moment.
    Eventually.until(() -> value(scrape(gateway), "portway_requests_total", "GET", "down", "5xx") == 1.0);
    String metrics = scrape(gateway);
    assertThat(value(metrics, "portway_requests_total", "GET", "echo", "2xx")).isEqualTo(2.0);
    assertThat(value(metrics, "portway_requests_total", "GET", "", "4xx")).isEqualTo(1.0);
    assertThat(value(metrics, "portway_request_duration_seconds_count", "GET", "echo", "2xx")).isEqualTo(2.0);
    assertThat(metrics).contains("portway_request_duration_seconds_bucket{method=\"GET\",route=\"echo\",status_class=\"2xx\",le=\"0.1\"}");
    assertThat(metrics).containsPattern("portway_upstream_requests_total\\{outcome=\"success\",upstream=\"echo\"} 2(\\.0)?\n");
    assertThat(metrics).containsPattern("portway_upstream_requests_total\\{outcome=\"refused\",upstream=\"down\"} 1(\\.0)?\n");
    assertThat(metrics).contains("portway_upstream_request_duration_seconds_count{outcome=\"success\",upstream=\"echo\"}");
    // Vert.x's own connection and pool meters land in the same registry; its per-request HTTP meters,
    // which portway_* cover, are left out (decision 1003).
    assertThat(metrics).contains("vertx_http_server_active_connections", "vertx_http_server_bytes_written_total",
        "vertx_http_client_active_connections", "vertx_pool_in_use");
    assertThat(metrics).doesNotContain("vertx_http_server_requests_total", "vertx_http_server_response_time_seconds",
        "vertx_http_client_requests_total", "vertx_http_client_response_time_seconds");
  }

  @Test
  void adminAnswersLivenessAndReadiness() {
    int echo = vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1").await()
        .actualPort();
    Gateway gateway = start(gateway(List.of(upstream("up", echo)), List.of(route("all", "/**", "up"))));

    assertThat(gateway.ready()).isTrue();
    Response live = Http.get(client, gateway.adminPort(), "/health/live");
    Response ready = Http.get(client, gateway.adminPort(), "/health/ready");
    assertThat(live.status()).isEqualTo(200);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(Http.get(client, gateway.adminPort(), "/nothing-here").status()).isEqualTo(404);
  }

  @Test
  void drainsInFlightRequestsAndRefusesNewOnesOnShutdown() throws Exception {
    Promise<HttpServerRequest> arrived = Promise.promise();
    HttpServer held = vertx.createHttpServer().requestHandler(arrived::tryComplete).listen(0, "127.0.0.1").await();
    Gateway gateway = start(gateway(List.of(upstream("held", held.actualPort())), List.of(route("all", "/**", "held"))));
    int port = gateway.port();
    int adminPort = gateway.adminPort();

    Future<Response> inFlight = Http.exchange(client,
        new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/slow"), null);
    HttpServerRequest upstreamRequest = arrived.future().await(10, TimeUnit.SECONDS);
    Future<Void> stopped = gateway.shutdown(Duration.ofSeconds(10));

    assertThat(gateway.ready()).isFalse();
    assertThat(Http.get(client, adminPort, "/health/ready").status()).isEqualTo(503);
    HttpClient fresh = vertx.createHttpClient();
    Eventually.until(() -> refuses(fresh, port));
    assertThat(stopped.isComplete()).as("shutdown waits for the request in flight").isFalse();

    upstreamRequest.response().end("finished");
    Response response = inFlight.await(10, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().toString()).isEqualTo("finished");
    stopped.await(10, TimeUnit.SECONDS);
  }

  /** True when a new connection to {@code port} is refused. */
  private static boolean refuses(HttpClient client, int port) {
    Throwable failure = Http.open(client, port, HttpMethod.GET, "/new")
        .compose(request -> request.send())
        .transform(result -> Future.succeededFuture(result.cause()))
        .await();
    return failure instanceof ConnectException;
  }

  @Test
  void applySwapsRoutesAndUpstreamsForTheNextRequest() {
    int first = vertx.createHttpServer().requestHandler(r -> r.response().end("first")).listen(0, "127.0.0.1")
        .await().actualPort();
    int second = vertx.createHttpServer().requestHandler(r -> r.response().end("second")).listen(0, "127.0.0.1")
        .await().actualPort();
    Gateway gateway = start(gateway(List.of(upstream("one", first)), List.of(route("a", "/a", "one"))));
    assertThat(Http.get(client, gateway.port(), "/a").body().toString()).isEqualTo("first");

    gateway.apply(gateway(List.of(upstream("two", second)), List.of(route("b", "/b", "two"))));

    assertThat(Http.get(client, gateway.port(), "/b").body().toString()).isEqualTo("second");
    assertThat(Http.get(client, gateway.port(), "/a").status()).isEqualTo(404);
    assertThat(gateway.config().routes()).extracting(RouteConfig::id).containsExactly("b");
  }

  @Test
  void writesOneAccessLogLinePerRequest() {
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      int up = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> r.response().end("0123456789")))
          .listen(0, "127.0.0.1").await().actualPort();
      Gateway gateway = start(gateway(List.of(upstream("up", up)), List.of(route("logged", "/**", "up"))));

      Response response = Http.send(client, new RequestOptions()
          .setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(gateway.port())
          .setURI("/things/1?q=x"), Buffer.buffer("abc"));

      Eventually.until(() -> appender.list.size() == 1);
      JsonObject line = new JsonObject(appender.list.get(0).getFormattedMessage());
      assertThat(line.getString("requestId")).isEqualTo(response.headers().get("X-Request-Id"));
      assertThat(line.getString("method")).isEqualTo("PUT");
      assertThat(line.getString("path")).isEqualTo("/things/1");
      assertThat(line.getString("route")).isEqualTo("logged");
      assertThat(line.getString("upstream")).isEqualTo("127.0.0.1:" + up);
      assertThat(line.getInteger("status")).isEqualTo(200);
      assertThat(line.getLong("bytesIn")).isEqualTo(3);
      assertThat(line.getLong("bytesOut")).isEqualTo(10);
      assertThat(line.getDouble("durationMs")).isPositive();
      assertThat(line.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void failsToStartWhenThePortIsTakenAndLeavesNothingBound() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      GatewayConfig base = gateway(List.of(upstream("up", closedPort())), List.of(route("all", "/**", "up")));
      GatewayConfig clash = new GatewayConfig(base.source(),
          new ListenerConfig("127.0.0.1", taken.getLocalPort()), base.admin(),
          base.drainTimeout(), base.accessLog(), null, base.upstreams(), base.routes());

      assertThatThrownBy(() -> start(clash))
          .hasMessageContaining("traffic listener 127.0.0.1:" + taken.getLocalPort());
    }
  }

  private String scrape(Gateway gateway) {
    return Http.get(client, gateway.adminPort(), "/metrics").body().toString();
  }

  /** The value of {@code name{method,route,status_class}} in a scrape, or -1 when absent. */
  private static double value(String scrape, String name, String method, String route, String statusClass) {
    Matcher m = Pattern.compile(Pattern.quote(name + "{method=\"" + method + "\",route=\"" + route
        + "\",status_class=\"" + statusClass + "\"} ") + "(\\S+)").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

}

package dev.portway.gateway.proxy;

import static dev.portway.gateway.TestConfigs.gateway;
import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Eventually;
import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import dev.portway.gateway.echo.EchoServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The request path end to end: real client, gateway and upstream servers on loopback. */
class ProxyTest extends LoopbackTest {

  private int echoServer() {
    return EchoServer.start(vertx, new EchoServerConfig("127.0.0.1", 0)).await().actualPort();
  }

  private int server(Consumer<HttpServerRequest> handler) {
    return vertx.createHttpServer().requestHandler(handler::accept).listen(0, "127.0.0.1").await().actualPort();
  }

  private Gateway start(List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
    return Gateway.start(vertx, gateway(upstreams, routes)).await();
  }

  @Test
  void stripsThePrefixAndKeepsTheQuery() {
    int echo = echoServer();
    RouteConfig route = new RouteConfig("echo", 0, TestConfigs.match("/echo/**"), "echo", "/echo", null,
        TimeoutsConfig.DEFAULTS, null);
    Gateway gateway = start(List.of(upstream("echo", echo)), List.of(route));

    Response response = Http.get(client, gateway.port(), "/echo/hello?x=1&y=2");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("path")).isEqualTo("/hello");
    assertThat(response.json().getString("query")).isEqualTo("x=1&y=2");
  }

  @Test
  void removesHopByHopHeadersAndSetsForwardedHeaders() {
    int echo = echoServer();
    Gateway gateway = start(List.of(upstream("echo", echo)), List.of(route("all", "/**", "echo")));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "keep-alive, X-Secret-Hop")
        .add("X-Secret-Hop", "must not pass")
        .add("Keep-Alive", "timeout=5")
        .add("TE", "trailers")
        .add("Trailer", "X-Checksum")
        .add("Upgrade", "h2c")
        .add("Proxy-Authorization", "Basic Zm9vOmJhcg==")
        .add("X-Forwarded-For", "203.0.113.7")
        .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .add("X-End-To-End", "kept")
        .add("Host", "api.example.com:8443");

    Response response = Http.send(client, new RequestOptions().setHost("127.0.0.1").setPort(gateway.port())
        .setURI("/headers").setHeaders(headers), null);

    JsonObject seen = response.json().getJsonObject("headers");
    Set<String> names = ConcurrentHashMap.newKeySet();
    seen.fieldNames().forEach(name -> names.add(name.toLowerCase()));
    assertThat(names).doesNotContain("connection", "x-secret-hop", "keep-alive", "te", "trailer", "upgrade",
        "proxy-authorization");
    assertThat(header(seen, "X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
    assertThat(header(seen, "X-Forwarded-Proto")).isEqualTo("http");
    assertThat(header(seen, "X-Forwarded-Host")).isEqualTo("api.example.com:8443");
    // the gateway is a hop of the trace: same trace id and flags, its own parent id (TraceContextTest)
    assertThat(header(seen, "traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
        .doesNotContain("00f067aa0ba902b7");
    assertThat(header(seen, "X-End-To-End")).isEqualTo("kept");
    assertThat(header(seen, "Host")).isEqualTo("127.0.0.1:" + echo);
  }

  @Test
  void generatesARequestIdAndReturnsItBothWays() {
    int echo = echoServer();
    Gateway gateway = start(List.of(upstream("echo", echo)), List.of(route("all", "/**", "echo")));

    Response response = Http.get(client, gateway.port(), "/id");

    String id = response.headers().get("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(header(response.json().getJsonObject("headers"), "X-Request-Id")).isEqualTo(id);
  }

  @Test
  void keepsTheClientsRequestId() {
    int echo = echoServer();
    Gateway gateway = start(List.of(upstream("echo", echo)), List.of(route("all", "/**", "echo")));

    Response response = Http.send(client, new RequestOptions().setHost("127.0.0.1").setPort(gateway.port())
        .setURI("/id").putHeader("X-Request-Id", "client-chosen-42"), null);

    assertThat(response.headers().get("X-Request-Id")).isEqualTo("client-chosen-42");
    assertThat(header(response.json().getJsonObject("headers"), "X-Request-Id")).isEqualTo("client-chosen-42");
  }

  @Test
  void removesHopByHopHeadersFromTheResponse() {
    int upstream = server(request -> request.response()
        .putHeader("Connection", "X-Internal")
        .putHeader("X-Internal", "secret")
        .putHeader("Proxy-Authenticate", "Basic")
        .putHeader("X-Public", "yes")
        .end("ok"));
    Gateway gateway = start(List.of(upstream("up", upstream)), List.of(route("all", "/**", "up")));

    Response response = Http.get(client, gateway.port(), "/");

    assertThat(response.body().toString()).isEqualTo("ok");
    assertThat(response.headers().get("X-Public")).isEqualTo("yes");
    assertThat(response.headers().contains("X-Internal")).isFalse();
    assertThat(response.headers().contains("Proxy-Authenticate")).isFalse();
  }

  @Test
  void answersNoRouteWith404Json() {
    int echo = echoServer();
    Gateway gateway = start(List.of(upstream("echo", echo)), List.of(route("echo", "/echo/**", "echo")));

    Response response = Http.get(client, gateway.port(), "/elsewhere");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.json();
    assertThat(body.getString("error")).isEqualTo("no_route");
    assertThat(body.getString("message")).contains("GET /elsewhere");
    assertThat(body.getString("requestId")).isEqualTo(response.headers().get("X-Request-Id"));
  }

  @Test
  void answersARefusedConnectionWith502Json() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Gateway gateway = start(List.of(upstream("down", closedPort)), List.of(route("down", "/**", "down")));

    Response response = Http.get(client, gateway.port(), "/x");

    assertThat(response.status()).isEqualTo(502);
    JsonObject body = response.json();
    assertThat(body.getString("error")).isEqualTo("bad_gateway");
    assertThat(body.getString("message")).contains("upstream down", "connection refused");
    assertThat(body.getString("requestId")).isNotBlank();
  }

  @Test
  void answersAResponseTimeoutWith504JsonAndResetsTheUpstream() {
    AtomicInteger upstreamClosed = new AtomicInteger();
    // Never answers: the gateway's response timeout has to end the exchange.
    int silent = server(request -> request.connection().closeHandler(v -> upstreamClosed.incrementAndGet()));
    TimeoutsConfig quick = new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(60));
    Gateway gateway = start(List.of(upstream("slow", quick, silent)),
        List.of(new RouteConfig("slow", 0, TestConfigs.match("/**"), "slow", null, null, quick, null)));

    Response response = Http.get(client, gateway.port(), "/wait");

    assertThat(response.status()).isEqualTo(504);
    assertThat(response.json().getString("error")).isEqualTo("gateway_timeout");
    assertThat(response.json().getString("message")).contains("upstream slow", "timed out");
    // Nothing left hanging: the upstream connection is closed by the gateway.
    Eventually.until(() -> upstreamClosed.get() == 1);
  }

  @Test
  void reusesOneKeepAliveConnectionAndSendsExactlyOneUpstreamRequestPerClientRequest() {
    AtomicInteger connections = new AtomicInteger();
    AtomicInteger requests = new AtomicInteger();
    HttpServer upstreamServer = vertx.createHttpServer()
        .connectionHandler(connection -> connections.incrementAndGet())
        .requestHandler(request -> {
          requests.incrementAndGet();
          request.response().end("ok");
        })
        .listen(0, "127.0.0.1").await();
    Gateway gateway = start(List.of(upstream("up", upstreamServer.actualPort())), List.of(route("all", "/**", "up")));

    for (int i = 0; i < 20; i++) {
      assertThat(Http.get(client, gateway.port(), "/r" + i).status()).isEqualTo(200);
    }

    assertThat(requests.get()).isEqualTo(20);
    assertThat(connections.get()).isEqualTo(1);
  }

  @Test
  void balancesRoundRobinOverTargets() {
    int first = server(request -> request.response().end("first"));
    int second = server(request -> request.response().end("second"));
    Gateway gateway = start(List.of(upstream("pair", first, second)), List.of(route("all", "/**", "pair")));

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(Http.get(client, gateway.port(), "/").body().toString());
    }

    assertThat(answers).containsExactly("first", "second", "first", "second");
  }

  @Test
  void relaysStatusAndBodyOfAPost() {
    int upstream = server(request -> request.body().onSuccess(body ->
        request.response().setStatusCode(201).end("got " + body.length() + " bytes")));
    Gateway gateway = start(List.of(upstream("up", upstream)), List.of(route("all", "/**", "up")));

    Response response = Http.send(client, new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/items"), Buffer.buffer("x".repeat(10_000)));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.body().toString()).isEqualTo("got 10000 bytes");
  }

  private static String header(JsonObject echoedHeaders, String name) {
    for (String key : echoedHeaders.fieldNames()) {
      if (key.equalsIgnoreCase(name)) {
        return String.join(",", echoedHeaders.getJsonArray(key).stream().map(Object::toString).toList());
      }
    }
    return null;
  }
}

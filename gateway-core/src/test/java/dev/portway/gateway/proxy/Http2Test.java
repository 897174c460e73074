package dev.portway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.LimitsConfig;
import dev.portway.gateway.config.RetryConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.TlsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import dev.portway.gateway.security.Networks;
import dev.portway.gateway.tls.TestPki;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 on the listener (h2 by ALPN, h2c) in front of HTTP/1.1 upstreams, and h2 to an upstream. */
class Http2Test extends LoopbackTest {

  private static final int BODY = 8 * 1024 * 1024;

  @TempDir
  Path dir;

  /**
   * An upstream answering with what it saw: protocol, method, body size and headers as JSON; a {@code PUT}
   * streams its body straight back instead (no Content-Length either way).
   */
  private int upstream(HttpServerOptions options) {
    return vertx.createHttpServer(options).requestHandler(this::answer).listen(0, "127.0.0.1").await().actualPort();
  }

  private void answer(HttpServerRequest request) {
    if (request.method() == HttpMethod.PUT) {
      request.response().setChunked(true);
      request.pipeTo(request.response());
      return;
    }
    request.body().onSuccess(body -> {
      JsonObject headers = new JsonObject();
      request.headers().forEach((name, value) -> headers.put(name.toLowerCase(), value));
      request.response().end(new JsonObject().put("version", request.version().name())
          .put("method", request.method().name()).put("bodySize", body.length()).put("headers", headers).toBuffer());
    });
  }

  private Gateway gateway(int upstreamPort, TlsConfig tls, boolean http2, String upstreamProtocol) {
    UpstreamConfig plain = TestConfigs.upstream("up", upstreamPort);
    UpstreamConfig up = new UpstreamConfig(plain.name(), plain.targets(), plain.loadBalancer(), plain.timeouts(),
        plain.hashOn(), plain.healthCheck(), plain.outlierDetection(), plain.circuitBreaker(), plain.retryBudget(),
        upstreamProtocol);
    GatewayConfig base = TestConfigs.gateway(List.of(up), List.of(TestConfigs.route("up", "/**", "up")));
    return Gateway.start(vertx, new GatewayConfig(base.source(),
        new ListenerConfig("127.0.0.1", 0, tls, LimitsConfig.DEFAULTS, Networks.NONE, http2, http2), base.admin(),
        base.drainTimeout(), base.accessLog(), base.echoServer(), base.upstreams(), base.routes())).await();
  }

  private TlsConfig tls(TestPki pki) {
    TestPki.Issued issued = pki.issue(dir, "gateway.test");
    return new TlsConfig(List.of(new TlsConfig.Certificate(issued.certFile(), issued.keyFile())), Duration.ZERO);
  }

  private HttpClient tlsClient(TestPki pki, List<HttpVersion> offered) {
    return vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(offered.get(0)).setAlpnVersions(offered)
        .setTrustOptions(new PemTrustOptions().addCertPath(pki.writeCertificate(dir.resolve("ca.crt")).toString()))
        .setVerifyHost(false));
  }

  private HttpClient h2cClient(boolean upgrade) {
    return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(upgrade));
  }

  private record Answer(HttpVersion version, JsonObject body) {}

  private static Answer send(HttpClient client, int port, HttpMethod method, Buffer body) {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI("/seen"))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> new Answer(response.version(), b.toJsonObject())))
        .await();
  }

  /** What the upstream must see from any client protocol: HTTP/1.1 framing, the proxy headers, no h2 residue. */
  private static void assertForwardedAsHttp11(JsonObject seen, int gatewayPort, int upstreamPort, String proto) {
    JsonObject headers = seen.getJsonObject("headers");
    assertThat(seen.getString("version")).isEqualTo("HTTP_1_1");
    assertThat(headers.fieldNames()).noneMatch(name -> name.startsWith(":"))
        .doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade", "http2-settings");
    assertThat(headers.getString("host")).isEqualTo("127.0.0.1:" + upstreamPort);
    assertThat(headers.getString("x-forwarded-host")).isEqualTo("127.0.0.1:" + gatewayPort);
    assertThat(headers.getString("x-forwarded-proto")).isEqualTo(proto);
    assertThat(headers.getString("x-request-id")).hasSize(32);
  }

  @Test
  void h2NegotiatedByAlpnIsProxiedToAnHttp11Upstream() {
    int upstream = upstream(new HttpServerOptions());
    TestPki pki = TestPki.create("Portway test CA");
    Gateway gateway = gateway(upstream, tls(pki), true, "http/1.1");

    Answer answer = send(tlsClient(pki, List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)), gateway.port(),
        HttpMethod.POST, Buffer.buffer("hello"));

    assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.body().getInteger("bodySize")).isEqualTo(5);
    assertForwardedAsHttp11(answer.body(), gateway.port(), upstream, "https");
  }

  @Test
  void withHttp2OffATlsClientOfferingH2GetsHttp11() {
    int upstream = upstream(new HttpServerOptions());
    TestPki pki = TestPki.create("Portway test CA");
    Gateway gateway = gateway(upstream, tls(pki), false, "http/1.1");

    Answer answer = send(tlsClient(pki, List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)), gateway.port(),
        HttpMethod.GET, Buffer.buffer());

    assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_1_1);
  }

  @Test
  void h2cWithPriorKnowledgeIsProxiedToAnHttp11Upstream() {
    int upstream = upstream(new HttpServerOptions());
    Gateway gateway = gateway(upstream, null, true, "http/1.1");

    Answer answer = send(h2cClient(false), gateway.port(), HttpMethod.GET, Buffer.buffer());

    assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.body().getString("method")).isEqualTo("GET");
    assertForwardedAsHttp11(answer.body(), gateway.port(), upstream, "http");
  }

  /** The Upgrade carries the first request, body included, in HTTP/1.1; the answer comes back over h2. */
  @Test
  void anH2cUpgradeWithABodyIsProxied() {
    int upstream = upstream(new HttpServerOptions());
    Gateway gateway = gateway(upstream, null, true, "http/1.1");

    Answer answer = send(h2cClient(true), gateway.port(), HttpMethod.POST, Buffer.buffer(new byte[256 * 1024]));

    assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.body().getInteger("bodySize")).isEqualTo(256 * 1024);
    assertForwardedAsHttp11(answer.body(), gateway.port(), upstream, "http");
  }

  /** 8 MiB streamed up over h2 (no Content-Length) and streamed back by the upstream (chunked), in order. */
  @Test
  void aStreamedBodyCrossesBothWaysOverH2() {
    int upstream = upstream(new HttpServerOptions());
    Gateway gateway = gateway(upstream, null, true, "http/1.1");
    HttpClient client = h2cClient(false);
    AtomicLong received = new AtomicLong();
    AtomicInteger mismatches = new AtomicInteger();

    HttpClientResponse response = client.request(new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1")
            .setPort(gateway.port()).setURI("/stream"))
        .compose(request -> {
          writeCounting(request, 0);
          return request.response();
        })
        .compose(answered -> {
          // Set on the event loop as the head arrives, before any of the body can.
          answered.handler(chunk -> {
            for (int i = 0; i < chunk.length(); i++) {
              if (chunk.getByte(i) != (byte) (received.get() + i)) {
                mismatches.incrementAndGet();
              }
            }
            received.addAndGet(chunk.length());
          });
          return answered.end().map(answered);
        }).await();

    assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.getHeader("content-length")).isNull();
    assertThat(received.get()).isEqualTo(BODY);
    assertThat(mismatches.get()).isZero();
  }

  /** Writes bytes {@code from..BODY} (each byte its offset) in 64 KiB pieces, waiting for drains. */
  private static void writeCounting(HttpClientRequest request, int from) {
    int offset = from;
    while (offset < BODY && !request.writeQueueFull()) {
      Buffer piece = Buffer.buffer(64 * 1024);
      for (int i = 0; i < 64 * 1024; i++) {
        piece.appendByte((byte) (offset + i));
      }
      request.write(piece);
      offset += 64 * 1024;
    }
    if (offset == BODY) {
      request.end();
    } else {
      int next = offset;
      request.drainHandler(v -> writeCounting(request, next));
    }
  }

  /**
   * An h2 request needs no Content-Length for a body: a PUT whose body streamed without one is not
   * replayed after a reset, while a body-less GET (its stream ended at once) is.
   */
  @Test
  void overH2OnlyABodylessRequestIsRetriedAfterAReset() {
    AtomicInteger tries = new AtomicInteger();
    int upstream = vertx.createHttpServer().requestHandler(request -> {
      tries.incrementAndGet();
      request.connection().close();
    }).listen(0, "127.0.0.1").await().actualPort();
    UpstreamConfig up = TestConfigs.upstream("up", upstream);
    RetryConfig retry = new RetryConfig(2, Set.of("GET", "PUT"), true, true, false, Set.of(), null);
    GatewayConfig base = TestConfigs.gateway(List.of(up), List.of(new RouteConfig("up", 0, TestConfigs.match("/**"),
        "up", null, null, TimeoutsConfig.DEFAULTS, retry)));
    Gateway gateway = Gateway.start(vertx, new GatewayConfig(base.source(),
        new ListenerConfig("127.0.0.1", 0, null, LimitsConfig.DEFAULTS, Networks.NONE, true, true), base.admin(),
        base.drainTimeout(), base.accessLog(), base.echoServer(), base.upstreams(), base.routes())).await();
    HttpClient client = h2cClient(false);

    int put = client.request(new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1")
            .setPort(gateway.port()).setURI("/"))
        .compose(request -> {
          request.write(Buffer.buffer("streamed, no length"));
          request.end();
          return request.response();
        }).await().statusCode();
    int putTries = tries.getAndSet(0);
    int get = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
            .setPort(gateway.port()).setURI("/"))
        .compose(request -> request.send()).await().statusCode();

    assertThat(put).isEqualTo(502);
    assertThat(putTries).as("tries of the PUT").isEqualTo(1);
    assertThat(get).isEqualTo(502);
    assertThat(tries.get()).as("tries of the GET").isEqualTo(2);
  }

  @Test
  void anUpstreamWithProtocolH2GetsHttp2() {
    int upstream = upstream(new HttpServerOptions());
    Gateway gateway = gateway(upstream, null, true, "h2");

    JsonObject seen = send(client, gateway.port(), HttpMethod.POST, Buffer.buffer("over h2")).body();

    assertThat(seen.getString("version")).isEqualTo("HTTP_2");
    assertThat(seen.getInteger("bodySize")).isEqualTo(7);
    assertThat(seen.getJsonObject("headers").getString("x-forwarded-proto")).isEqualTo("http");
  }
}

package dev.portway.gateway.security;

import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.LimitsConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.echo.EchoServer;
import io.vertx.core.Vertx;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that must not reach an upstream as sent: smuggling, paths that read differently before and
 * after normalisation, oversized parts. Raw sockets, because a real client refuses to send most of them.
 */
class RequestHygieneTest {

  private static final LimitsConfig LIMITS = new LimitsConfig(1000, 1024, 256, Duration.ZERO, Duration.ZERO);

  private Vertx vertx;
  private final AtomicInteger adminHits = new AtomicInteger();
  private int port;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    int echo = EchoServer.start(vertx, new EchoServerConfig("127.0.0.1", 0)).await().actualPort();
    int admin = vertx.createHttpServer().requestHandler(request -> {
      adminHits.incrementAndGet();
      request.response().end("admin:" + request.path());
    }).listen(0, "127.0.0.1").await().actualPort();
    GatewayConfig base = TestConfigs.gateway(List.of(upstream("echo", echo), upstream("admin", admin)),
        List.of(route("admin", "/admin/**", "admin"), route("public", "/**", "echo")));
    GatewayConfig config = new GatewayConfig(base.source(), new ListenerConfig("127.0.0.1", 0, null, LIMITS, Networks.NONE),
        base.admin(), base.drainTimeout(), base.accessLog(), base.echoServer(), base.upstreams(), base.routes());
    port = Gateway.start(vertx, config).await().port();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private String send(String request) throws Exception {
    return RawHttp.exchange(port, request);
  }

  @ParameterizedTest(name = "{0} is routed as {1}")
  @CsvSource({
      "/public/../admin/x,       /admin/x",
      "/public/%2e%2e/admin/x,   /admin/x",
      "/public/.%2E/admin/x,     /admin/x",
      "//admin//x,               /admin/x",
      "/./admin/./x,             /admin/x",
      "/%61dmin/x,               /admin/x",
  })
  void pathsAreNormalisedBeforeMatchingSoTheyReachTheRouteTheyName(String sent, String routed) throws Exception {
    String answer = send("GET " + sent + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(200);
    assertThat(answer).endsWith("admin:" + routed);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
      "/public/..%2fadmin/x",
      "/public%2F..%2Fadmin/x",
      "/public/..%5cadmin/x",
      "/public/..\\admin/x",
      "/admin;x=1/x",
      "/public/%252e%252e/admin/x",
      "/../admin/x",
      "/public/%00/x",
  })
  void ambiguousPathsAreRefusedWith400(String sent) throws Exception {
    String answer = send("GET " + sent + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(400);
    assertThat(adminHits).hasValue(0);
  }

  @Test
  void contentLengthWithTransferEncodingIsRefusedAndTheSmuggledRequestNeverRuns() throws Exception {
    String smuggled = "GET /admin/secret HTTP/1.1\r\nHost: a\r\n\r\n";
    String answer = send("POST /public HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\n" + smuggled);

    assertThat(RawHttp.status(answer)).isEqualTo(400);
    assertThat(answer).doesNotContain("HTTP/1.1 200");
    assertThat(adminHits).hasValue(0);
  }

  /**
   * No {@code Connection: close} is sent and a second request follows on the same bytes: the answer ends
   * only because the gateway closed the connection (RawHttp reads until then), after one response.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no Host on HTTP/1.1      | GET /public HTTP/1.1\\r\\n\\r\\n",
      "two Host headers         | GET /public HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n",
      "last coding not chunked  | POST /public HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n0\\r\\n\\r\\n",
      "only coding not chunked  | POST /public HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n0\\r\\n\\r\\n",
  })
  void badFramingIsRefusedWith400AndTheConnectionClosed(String name, String request) throws Exception {
    // CSV values are single lines: the line breaks are written as \r\n and restored here.
    String raw = request.replace("\\r\\n", "\r\n");
    String answer = send(raw + "GET /admin/secret HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(400);
    assertThat(answer).containsIgnoringCase("connection: close");
    assertThat(Pattern.compile("(?m)^HTTP/1\\.1 \\d{3} ").matcher(answer).results().count())
        .as("one response, then the connection closed").isEqualTo(1);
    assertThat(adminHits).hasValue(0);
  }

  @Test
  void anHttp10RequestWithoutHostStillGoesThrough() throws Exception {
    String answer = send("GET /public HTTP/1.0\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(200);
  }

  @Test
  void twoDifferentContentLengthsAreRefused() throws Exception {
    String answer = send("POST /public HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd");

    assertThat(RawHttp.status(answer)).isEqualTo(400);
  }

  @Test
  void aBodyLargerThanTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
    String answer = send("POST /public HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 1001\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(413);
  }

  @Test
  void aBodyWithinTheLimitGoesThrough() throws Exception {
    String answer = send("POST /public HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 1000\r\n\r\n"
        + "x".repeat(1000));

    assertThat(RawHttp.status(answer)).isEqualTo(200);
  }

  @Test
  void aChunkedBodyIsRefusedWith411WhenABodyLimitIsSet() throws Exception {
    String answer = send("POST /public HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(411);
  }

  @Test
  void aLongerUrlIsRefusedWith414() throws Exception {
    String answer = send("GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(414);
  }

  @Test
  void largerHeadersAreRefusedWith431() throws Exception {
    String answer = send("GET /public HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(2000) + "\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(431);
  }
}

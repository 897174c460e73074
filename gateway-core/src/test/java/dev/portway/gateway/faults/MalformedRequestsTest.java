package dev.portway.gateway.faults;

import static dev.portway.gateway.TestConfigs.gateway;
import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A corpus of broken requests, each on a fresh connection: every one is answered 4xx (or, when the
 * bytes are not HTTP at all, the connection is closed), and a good request still gets 200 after each.
 * Obsolete line folding (unfolded) and percent-encoded non-UTF-8 paths (forwarded as sent) are allowed
 * by RFC 9112, so they are not here.
 */
class MalformedRequestsTest extends LoopbackTest {

  static final String LONG = "a".repeat(70_000);

  static final Map<String, String> CORPUS = new TreeMap<>(Map.ofEntries(
      Map.entry("no version", "GET /\r\n\r\n"),
      Map.entry("unknown version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"),
      Map.entry("spaces in target", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n"),
      Map.entry("control byte in target", "GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n"),
      Map.entry("bad method token", "G(E)T / HTTP/1.1\r\nHost: x\r\n\r\n"),
      Map.entry("garbage line", "\u0000\u0001\u0002\u0003 garbage\r\n\r\n"),
      Map.entry("header without colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"),
      Map.entry("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
      Map.entry("bad percent encoding", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
      Map.entry("encoded dot segments", "GET /a/%2e%2e/%2e%2e/etc HTTP/1.1\r\nHost: x\r\n\r\n"),
      Map.entry("negative content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
      Map.entry("two content-lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
      Map.entry("content-length and chunked", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
      Map.entry("no host", "GET / HTTP/1.1\r\n\r\n"),
      Map.entry("two hosts", "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"),
      Map.entry("last coding not chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
          + "0\r\n\r\n"),
      Map.entry("bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n"),
      Map.entry("oversized target", "GET /" + LONG + " HTTP/1.1\r\nHost: x\r\n\r\n"),
      Map.entry("oversized header", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + LONG + "\r\n\r\n"),
      Map.entry("too many headers", "GET / HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(5_000) + "\r\n")));

  @Test
  void everyBrokenRequestIsRefusedAndTheGatewayKeepsServing() throws Exception {
    int up = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await()
        .actualPort();
    Gateway gateway = Gateway.start(vertx, gateway(List.of(upstream("up", up)), List.of(route("all", "/**", "up"))))
        .await();

    Map<String, String> answers = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> sample : CORPUS.entrySet()) {
      String status = send(gateway.port(), sample.getValue());
      answers.put(sample.getKey(), status);
      if (!(status.startsWith("4") || status.equals("closed"))) {
        wrong.add(sample.getKey() + " → " + status);
      }
      assertThat(Http.get(client, gateway.port(), "/after").status()).as("served after %s", sample.getKey())
          .isEqualTo(200);
    }

    System.out.printf("malformed corpus: %d requests, answers %s%n", CORPUS.size(), answers);
    assertThat(wrong).isEmpty();
    assertThat(answers.values()).filteredOn(s -> s.startsWith("4")).hasSizeGreaterThan(CORPUS.size() / 2);
  }

  /** The status code of the first response, or {@code closed} when the connection ended without one. */
  private static String send(int port, String request) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException e) {
        // the gateway answered and closed before reading everything: read what it said
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      try {
        int b;
        while (head.size() < 12 && (b = in.read()) != -1) {
          head.write(b);
        }
      } catch (SocketException e) {
        // reset after the answer
      } catch (SocketTimeoutException e) {
        return "no answer in 10 s";
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      return text.startsWith("HTTP/1.") && text.length() >= 12 ? text.substring(9, 12) : "closed";
    }
  }
}

package dev.portway.gateway.proxy.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hop-by-hop rules of {@link Headers}, whose allocation-free checks must equal the plain reading of RFC 9110. */
class HeadersTest {

  private static List<String> names(MultiMap headers) {
    List<String> names = new ArrayList<>();
    headers.forEach((name, value) -> names.add(name));
    return names;
  }

  @Test
  void dropsTheFixedHopByHopListAnyProxyHeaderAndWhatConnectionNames() {
    MultiMap from = HttpHeaders.headers()
        .add("Connection", "keep-alive, X-Hop , x-other")
        .add("Keep-Alive", "timeout=5").add("TE", "trailers").add("Trailer", "X-T").add("Upgrade", "h2c")
        .add("Transfer-Encoding", "chunked").add("Proxy-Authorization", "Basic x").add("proxy-x", "1")
        .add("Proxy-Abcd", "1").add("X-Hop", "1").add("X-OTHER", "1")
        .add("Host", "a.example").add("Expect", "100-continue")
        .add("Accept", "*/*").add("X-Kept", "a").add("X-Kept", "b").add("Proxy", "not a prefix").add("TEA", "kept");
    MultiMap request = HttpHeaders.headers();
    Headers.copyEndToEnd(from, request, true);
    assertThat(names(request)).containsExactly("Accept", "X-Kept", "X-Kept", "Proxy", "TEA");
    assertThat(request.getAll("X-Kept")).containsExactly("a", "b");

    MultiMap response = HttpHeaders.headers();
    Headers.copyEndToEnd(from, response, false);
    // Host and Expect are request-only rules.
    assertThat(names(response)).containsExactly("Host", "Expect", "Accept", "X-Kept", "X-Kept", "Proxy", "TEA");
  }

  @Test
  void singleConnectionTokensNameThemselves() {
    MultiMap from = HttpHeaders.headers().add("Connection", "close").add("Close", "x").add("Content-Length", "6");
    MultiMap to = HttpHeaders.headers();
    Headers.copyEndToEnd(from, to, false);
    assertThat(names(to)).containsExactly("Content-Length");
  }

  @Test
  void generatedRequestIdsAre32LowerCaseHexDigits() {
    String id = Headers.requestId(HttpHeaders.headers());
    assertThat(id).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(Headers.requestId(HttpHeaders.headers())).isNotEqualTo(id);
    assertThat(Headers.requestId(HttpHeaders.headers().add("X-Request-Id", "given"))).isEqualTo("given");
  }
}

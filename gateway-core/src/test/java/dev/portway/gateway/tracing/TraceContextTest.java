package dev.portway.gateway.tracing;

import static dev.portway.gateway.TestConfigs.gateway;
import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway is one hop of a W3C trace: the trace goes on, the parent id is the gateway's own. */
class TraceContextTest extends LoopbackTest {

  static final String CLIENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final String FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

  @Test
  void aValidTraceparentKeepsTraceAndFlagsWithANewParentId() {
    String next = TraceContext.nextHop(CLIENT);

    assertThat(next).matches(FORMAT);
    assertThat(TraceContext.traceId(next)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(next).endsWith("-01").doesNotContain("00f067aa0ba902b7");
  }

  @Test
  void eachHopGetsItsOwnParentId() {
    assertThat(TraceContext.nextHop(CLIENT)).isNotEqualTo(TraceContext.nextHop(CLIENT));
  }

  @Test
  void noTraceparentStartsASampledTrace() {
    String next = TraceContext.nextHop(null);

    assertThat(next).matches(FORMAT).endsWith("-01");
    assertThat(TraceContext.isValid(next)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",           // short
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",          // upper case
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",          // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",          // zero parent id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",          // forbidden version
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",    // version 00 is exact
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
  void aMalformedTraceparentIsReplacedAndItsTracestateDropped(String malformed) {
    MultiMap incoming = HttpHeaders.headers().add("traceparent", malformed).add("tracestate", "vendor=1");
    MultiMap outgoing = HttpHeaders.headers().addAll(incoming);

    TraceContext.propagate(incoming, outgoing);

    assertThat(outgoing.get("traceparent")).matches(FORMAT).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(outgoing.contains("tracestate")).isFalse();
  }

  @Test
  void aLaterVersionIsReadByItsVersion00Fields() {
    String later = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next";

    assertThat(TraceContext.isValid(later)).isTrue();
    assertThat(TraceContext.nextHop(later)).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").hasSize(55);
  }

  @Test
  void theUpstreamSeesTheNextHopAndTheTracestateUnchanged() {
    AtomicReference<MultiMap> seen = new AtomicReference<>();
    int up = vertx.createHttpServer().requestHandler(r -> {
      seen.set(r.headers());
      r.response().end();
    }).listen(0, "127.0.0.1").await().actualPort();
    Gateway gateway = Gateway.start(vertx, gateway(List.of(upstream("up", up)), List.of(route("r", "/**", "up")))).await();

    Http.send(client, new RequestOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI("/x")
        .putHeader("traceparent", CLIENT).putHeader("tracestate", "vendor=1"), Buffer.buffer());
    assertThat(TraceContext.traceId(seen.get().get("traceparent"))).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(seen.get().get("traceparent")).isNotEqualTo(CLIENT);
    assertThat(seen.get().get("tracestate")).isEqualTo("vendor=1");

    Http.get(client, gateway.port(), "/untraced");
    assertThat(seen.get().get("traceparent")).matches(FORMAT);
  }
}

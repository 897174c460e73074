package dev.portway.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-written access-log line equals what a JsonObject with the same fields encodes to. */
class AccessLogLineTest {

  private static ProxyExchange exchange(long startMillis, String path, String route, String target, String requestId) {
    long startNanos = System.nanoTime();
    Map<String, Object> values = Map.of("startMillis", startMillis, "startNanos", startNanos, "method", HttpMethod.GET,
        "originalPath", path, "statusCode", 502, "bytesIn", 0L, "bytesOut", 123L, "requestId", requestId);
    return (ProxyExchange) Proxy.newProxyInstance(ProxyExchange.class.getClassLoader(), new Class<?>[] {ProxyExchange.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "routeId" -> route;
          case "target" -> target;
          default -> values.get(method.getName());
        });
  }

  private static JsonObject reference(ProxyExchange exchange, double durationMs) {
    return new JsonObject()
        .put("time", Instant.ofEpochMilli(exchange.startMillis()).toString())
        .put("requestId", exchange.requestId())
        .put("method", exchange.method().name())
        .put("path", exchange.originalPath())
        .put("route", exchange.routeId())
        .put("upstream", exchange.target())
        .put("status", exchange.statusCode())
        .put("bytesIn", exchange.bytesIn())
        .put("bytesOut", exchange.bytesOut())
        .put("durationMs", durationMs);
  }

  /** The line with its (timing-dependent) duration replaced by {@code durationMs}, for exact comparison. */
  private static String withDuration(String line, double durationMs) {
    return line.replaceFirst("\"durationMs\":[^}]*}$", "\"durationMs\":" + durationMs + "}");
  }

  @Test
  void encodesLikeJsonObject() {
    long[] times = {1_795_000_000_000L, 1_795_000_000_007L, 1_795_000_000_120L, 1_795_000_000_999L, 1_795_000_001_000L};
    for (long millis : times) {
      ProxyExchange exchange = exchange(millis, "/a \"quoted\" \\ path\n\t\u0001é/ü", null, "127.0.0.1:8080", "id-1");
      String line = AccessLog.line(exchange);
      assertThat(withDuration(line, 1.5)).isEqualTo(reference(exchange, 1.5).encode());
      assertThat(new JsonObject(line).getDouble("durationMs")).isNotNegative();
    }
    ProxyExchange routed = exchange(1_795_000_000_001L, "/x", "r1", null, "x\"y");
    assertThat(withDuration(AccessLog.line(routed), 0.25)).isEqualTo(reference(routed, 0.25).encode());
  }

  @Test
  void formatsTimesAsInstantDoesAcrossSeconds() {
    StringBuilder out = new StringBuilder();
    for (long millis = 1_795_000_000_000L - 2500; millis < 1_795_000_000_000L + 2500; millis += 7) {
      out.setLength(0);
      AccessLog.time(out, millis);
      assertThat(out.toString()).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }
  }

  @ParameterizedTest
  @CsvSource({
      // nanoseconds | durationMs
      "34963318,      34.963",
      "1000000,       1.000",
      "999,           0.000",
      "1500,          0.001",
      "120000000000,  120000.000",
      "-5,            0.000",
  })
  void writesDurationsAsMillisecondsWithMicrosecondDecimals(long nanos, String expected) {
    StringBuilder out = new StringBuilder();
    AccessLog.millis(out, nanos);
    assertThat(out.toString()).isEqualTo(expected);
    assertThat(new JsonObject("{\"d\":" + out + "}").getDouble("d")).isEqualTo(Double.parseDouble(expected));
  }
}

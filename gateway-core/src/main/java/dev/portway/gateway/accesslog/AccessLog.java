package dev.portway.gateway.accesslog;

import dev.portway.gateway.config.AccessLogConfig;
import dev.portway.gateway.proxy.ExchangeListener;
import dev.portway.gateway.proxy.ProxyExchange;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on SLF4J logger {@code portway.access} (see docs/architecture.md for the
 * fields). Build it with {@link #create}: when the access log is off, or the logger is not enabled at
 * INFO, no listener is installed at all, so it costs nothing per request.
 */
public final class AccessLog implements ExchangeListener {

  public static final String LOGGER_NAME = "portway.access";

  private final Logger logger;
  private final double sampleRate;

  private AccessLog(Logger logger, double sampleRate) {
    this.logger = logger;
    this.sampleRate = sampleRate;
  }

  /** The access-log listener logging every request, or {@code null} when nothing would be written. */
  public static AccessLog create(boolean enabled) {
    return create(new AccessLogConfig(enabled, 1.0));
  }

  /** The access-log listener of {@code config} (with its sampling), or {@code null} when nothing would be written. */
  public static AccessLog create(AccessLogConfig config) {
    Logger logger = LoggerFactory.getLogger(LOGGER_NAME);
    return config.enabled() && logger.isInfoEnabled() ? new AccessLog(logger, config.sampleRate()) : null;
  }

  @Override
  public void onComplete(ProxyExchange exchange) {
    if (sampleRate < 1 && exchange.statusCode() < 400 && ThreadLocalRandom.current().nextDouble() >= sampleRate) {
      return;
    }
    logger.info(line(exchange));
  }

  /**
   * The JSON line, written by hand: the same fields, order and encoding as a JsonObject would give
   * ({@code null} for a missing route or upstream, strings escaped as Jackson does), without building
   * a map and running a serializer per request.
   */
  static String line(ProxyExchange exchange) {
    long durationNanos = System.nanoTime() - exchange.startNanos();
    StringBuilder out = new StringBuilder(256);
    out.append("{\"time\":\"");
    time(out, exchange.startMillis());
    out.append("\",\"requestId\":");
    string(out, exchange.requestId());
    out.append(",\"method\":");
    string(out, exchange.method().name());
    out.append(",\"path\":");
    string(out, exchange.originalPath());
    out.append(",\"route\":");
    string(out, exchange.routeId());
    out.append(",\"upstream\":");
    string(out, exchange.target());
    out.append(",\"status\":").append(exchange.statusCode())
        .append(",\"bytesIn\":").append(exchange.bytesIn())
        .append(",\"bytesOut\":").append(exchange.bytesOut())
        .append(",\"durationMs\":");
    millis(out, durationNanos);
    out.append('}');
    return out.toString();
  }

  /** The second of the last line's time and its ISO-8601 text; immutable, so racing event loops are harmless. */
  private record Second(long epochSecond, String text) {}

  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  /** {@code Instant.ofEpochMilli(millis).toString()}, formatting the date and time once per second. */
  static void time(StringBuilder out, long millis) {
    long epochSecond = Math.floorDiv(millis, 1000);
    Second second = lastSecond;
    if (second.epochSecond() != epochSecond) {
      String iso = Instant.ofEpochSecond(epochSecond).toString();
      second = new Second(epochSecond, iso.substring(0, iso.length() - 1));   // without the Z
      lastSecond = second;
    }
    out.append(second.text());
    int ms = (int) Math.floorMod(millis, 1000L);
    if (ms != 0) {   // Instant.toString prints no fraction for a whole second
      out.append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    }
    out.append('Z');
  }

  /**
   * {@code nanos} as milliseconds with three decimals (microseconds): a JSON number, written without
   * the floating-point formatting a {@code double} would cost.
   */
  static void millis(StringBuilder out, long nanos) {
    long micros = Math.max(0, nanos) / 1000;
    int fraction = (int) (micros % 1000);
    out.append(micros / 1000).append('.')
        .append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10)).append((char) ('0' + fraction % 10));
  }

  /** A JSON string (or {@code null}), escaped as Jackson's default does: quote, backslash and control characters. */
  static void string(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    if (!needsEscape(value)) {
      out.append(value).append('"');
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        switch (c) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        }
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        return true;
      }
    }
    return false;
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}

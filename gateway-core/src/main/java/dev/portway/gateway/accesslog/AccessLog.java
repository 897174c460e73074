package dev.portway.gateway.accesslog;

import dev.portway.gateway.proxy.ExchangeListener;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
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

  private AccessLog(Logger logger) {
    this.logger = logger;
  }

  /** The access-log listener, or {@code null} when nothing would be written. */
  public static AccessLog create(boolean enabled) {
    Logger logger = LoggerFactory.getLogger(LOGGER_NAME);
    return enabled && logger.isInfoEnabled() ? new AccessLog(logger) : null;
  }

  @Override
  public void onComplete(ProxyExchange exchange) {
    logger.info(line(exchange));
  }

  static String line(ProxyExchange exchange) {
    long durationNanos = System.nanoTime() - exchange.startNanos();
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
        .put("durationMs", durationNanos / 1_000_000.0)
        .encode();
  }
}

package dev.portway.gateway.security;

import dev.portway.gateway.config.LimitsConfig;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * {@code listener.limits} as far as the HTTP decoder enforces them: a longer request line is answered
 * with 414, a larger header block with 431 ({@link RequestGuard#refuseInvalid}), a silent connection is
 * closed. The body size and the body deadline are {@link RequestGuard}'s.
 */
public final class ListenerLimits {

  private ListenerLimits() {}

  public static void apply(HttpServerOptions options, LimitsConfig limits) {
    options.setMaxInitialLineLength(limits.maxUrlLength()).setMaxHeaderSize(limits.maxHeaderSize());
    if (!limits.idleTimeout().isZero()) {
      options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) limits.idleTimeout().toMillis());
    }
  }
}

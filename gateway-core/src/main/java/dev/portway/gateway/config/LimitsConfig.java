package dev.portway.gateway.config;

import java.time.Duration;

/**
 * {@code listener.limits:} what one client may send before the gateway refuses it.
 *
 * @param maxBodySize    largest request body in bytes (→ 413); 0 = no limit
 * @param maxHeaderSize  largest header block in bytes (→ 431)
 * @param maxUrlLength   longest request line in bytes (→ 414)
 * @param idleTimeout    longest silence on a client connection before it is closed; zero = none
 * @param requestTimeout longest time from the request's arrival until its body is fully received
 *                       (→ 408, against slow uploads); zero = none
 */
public record LimitsConfig(long maxBodySize, int maxHeaderSize, int maxUrlLength, Duration idleTimeout,
    Duration requestTimeout) {

  public static final LimitsConfig DEFAULTS = new LimitsConfig(0, 8192, 4096, Duration.ZERO, Duration.ZERO);
}

package dev.portway.gateway.config;

/**
 * {@code accessLog:} in the config: one JSON line per request through SLF4J logger {@code portway.access}.
 *
 * @param sampleRate the share (0–1) of requests answered below 400 that are logged; every 4xx and 5xx
 *                   answer is logged, so sampling at high rates never hides a failure
 */
public record AccessLogConfig(boolean enabled, double sampleRate) {

  public AccessLogConfig {
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sampleRate must be within 0..1, not " + sampleRate);
    }
  }
}

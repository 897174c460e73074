package dev.portway.gateway.config;

import dev.portway.gateway.security.Networks;

/**
 * The traffic listener: {@code listener:} in the config.
 *
 * @param tls            TLS termination, or {@code null} for plain HTTP
 * @param limits         request size and time limits
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed when finding the client's address
 */
public record ListenerConfig(String host, int port, TlsConfig tls, LimitsConfig limits, Networks trustedProxies) {

  /** A plain-HTTP listener with default limits. */
  public ListenerConfig(String host, int port) {
    this(host, port, null, LimitsConfig.DEFAULTS, Networks.NONE);
  }
}

package dev.portway.gateway.config;

import dev.portway.gateway.security.Networks;

/**
 * The traffic listener: {@code listener:} in the config.
 *
 * @param tls            TLS termination, or {@code null} for plain HTTP
 * @param limits         request size and time limits
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed when finding the client's address
 * @param http2          whether TLS clients may choose h2 by ALPN (decision 0703)
 * @param h2c            whether plain-HTTP clients may speak h2c (prior knowledge or Upgrade)
 */
public record ListenerConfig(String host, int port, TlsConfig tls, LimitsConfig limits, Networks trustedProxies,
    boolean http2, boolean h2c) {

  /** h2 over TLS is on unless the config turns it off. */
  public static final boolean DEFAULT_HTTP2 = true;
  /** h2c is off unless the config turns it on (decision 0703). */
  public static final boolean DEFAULT_H2C = false;

  /** A listener with the default protocols. */
  public ListenerConfig(String host, int port, TlsConfig tls, LimitsConfig limits, Networks trustedProxies) {
    this(host, port, tls, limits, trustedProxies, DEFAULT_HTTP2, DEFAULT_H2C);
  }

  /** A plain-HTTP listener with default limits and protocols. */
  public ListenerConfig(String host, int port) {
    this(host, port, null, LimitsConfig.DEFAULTS, Networks.NONE);
  }
}

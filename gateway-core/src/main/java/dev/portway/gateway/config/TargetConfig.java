package dev.portway.gateway.config;

/**
 * One target of an upstream, parsed from its {@code url} ({@code http://host:port}; an https URL means
 * TLS to the upstream).
 */
public record TargetConfig(String url, String host, int port, boolean tls) {

  /** The {@code host:port} form used in logs and metric labels. */
  public String authority() {
    return host + ":" + port;
  }
}

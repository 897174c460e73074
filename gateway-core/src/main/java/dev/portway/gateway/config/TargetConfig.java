package dev.portway.gateway.config;

/**
 * One target of an upstream, parsed from its {@code url} ({@code http://host:port}; an https URL means
 * TLS to the upstream), with its share of the traffic under weighted balancers ({@code weight}).
 */
public record TargetConfig(String url, String host, int port, boolean tls, int weight) {

  /** This target with another {@code weight}. */
  public TargetConfig withWeight(int weight) {
    return new TargetConfig(url, host, port, tls, weight);
  }

  /** The {@code host:port} form used in logs and metric labels. */
  public String authority() {
    return host + ":" + port;
  }
}

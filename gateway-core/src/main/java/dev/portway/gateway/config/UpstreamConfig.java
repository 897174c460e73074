package dev.portway.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code upstreams:}.
 *
 * @param name         the key under {@code upstreams:}
 * @param targets      at least one target
 * @param loadBalancer     the balancing policy keyword ({@code round-robin}, {@code weighted-round-robin},
 *                         {@code least-requests}, {@code consistent-hash})
 * @param timeouts         upstream-wide timeouts with defaults applied
 * @param hashOn           what {@code consistent-hash} hashes: {@code client-ip}, {@code header:NAME} or
 *                         {@code cookie:NAME}
 * @param healthCheck      active health checks, or {@code null}
 * @param outlierDetection passive ejection of failing targets, or {@code null}
 * @param circuitBreaker   per-target circuit breaking, or {@code null}
 * @param retryBudget      how many retries may be in flight to this upstream
 * @param protocol         {@code http/1.1} or {@code h2} towards the targets
 * @param tls              TLS settings for {@code https://} targets (CA, client certificate), or {@code null}
 */
public record UpstreamConfig(String name, List<TargetConfig> targets, String loadBalancer, TimeoutsConfig timeouts,
    String hashOn, HealthCheckConfig healthCheck, OutlierDetectionConfig outlierDetection,
    CircuitBreakerConfig circuitBreaker, RetryBudgetConfig retryBudget, String protocol, UpstreamTlsConfig tls) {

  /** An upstream without {@code tls} settings (https targets then use the JVM's trust store). */
  public UpstreamConfig(String name, List<TargetConfig> targets, String loadBalancer, TimeoutsConfig timeouts,
      String hashOn, HealthCheckConfig healthCheck, OutlierDetectionConfig outlierDetection,
      CircuitBreakerConfig circuitBreaker, RetryBudgetConfig retryBudget, String protocol) {
    this(name, targets, loadBalancer, timeouts, hashOn, healthCheck, outlierDetection, circuitBreaker, retryBudget,
        protocol, null);
  }

  public UpstreamConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(hashOn, "hashOn");
    Objects.requireNonNull(retryBudget, "retryBudget");
    Objects.requireNonNull(protocol, "protocol");
    targets = List.copyOf(targets);
  }
}

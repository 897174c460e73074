package dev.portway.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code healthCheck:} of an upstream: every {@code interval} each target gets {@code GET path}; a 2xx
 * answer within {@code timeout} passes. A target turns unhealthy after {@code unhealthyThreshold}
 * failures in a row and healthy again after {@code healthyThreshold} passes in a row.
 */
public record HealthCheckConfig(String path, Duration interval, Duration timeout, int healthyThreshold,
    int unhealthyThreshold) {

  public HealthCheckConfig {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
  }
}

package dev.portway.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code circuitBreaker:} of an upstream, one breaker per target. It opens after
 * {@code consecutiveFailures} failures in a row, or when at least {@code errorRate} of the last
 * {@code window} requests failed (only once {@code window} requests were seen); it stays open for
 * {@code openFor}, then lets {@code halfOpenRequests} probe requests through: all succeed → closed,
 * one fails → open again.
 */
public record CircuitBreakerConfig(int consecutiveFailures, double errorRate, int window, Duration openFor,
    int halfOpenRequests) {

  public CircuitBreakerConfig {
    Objects.requireNonNull(openFor, "openFor");
  }
}

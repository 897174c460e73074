package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Binds the traffic-management sections ({@code healthCheck}, {@code outlierDetection},
 * {@code circuitBreaker}, {@code retryBudget}, {@code retry}, {@code requestHeaders},
 * {@code responseHeaders}) with the same defaults as the schema's
 * {@code default}s. Absent sections bind to {@code null} (feature off), except the retry budget,
 * which always applies.
 */
final class TrafficConfigs {

  static final HealthCheckConfig HEALTH_CHECK =
      new HealthCheckConfig("/", Duration.ofSeconds(10), Duration.ofSeconds(2), 2, 3);
  static final OutlierDetectionConfig OUTLIER_DETECTION =
      new OutlierDetectionConfig(5, Duration.ofSeconds(30), Duration.ofMinutes(5));
  static final CircuitBreakerConfig CIRCUIT_BREAKER =
      new CircuitBreakerConfig(5, 0.5, 20, Duration.ofSeconds(30), 1);
  static final int RETRY_ATTEMPTS = 2;
  /** RFC 9110 idempotent methods: repeating them has the effect of sending them once. */
  static final Set<String> RETRY_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
  static final Set<String> RETRY_ON = Set.of("connect-failure", "reset");

  private TrafficConfigs() {}

  static HealthCheckConfig healthCheck(JsonNode node) {
    if (node.isMissingNode()) {
      return null;
    }
    HealthCheckConfig d = HEALTH_CHECK;
    return new HealthCheckConfig(
        node.path("path").asText(d.path()),
        ConfigBinder.duration(node.path("interval"), d.interval()),
        ConfigBinder.duration(node.path("timeout"), d.timeout()),
        node.path("healthyThreshold").asInt(d.healthyThreshold()),
        node.path("unhealthyThreshold").asInt(d.unhealthyThreshold()));
  }

  static OutlierDetectionConfig outlierDetection(JsonNode node) {
    if (node.isMissingNode()) {
      return null;
    }
    OutlierDetectionConfig d = OUTLIER_DETECTION;
    return new OutlierDetectionConfig(
        node.path("consecutiveFailures").asInt(d.consecutiveFailures()),
        ConfigBinder.duration(node.path("ejectionTime"), d.ejectionTime()),
        ConfigBinder.duration(node.path("maxEjectionTime"), d.maxEjectionTime()));
  }

  static CircuitBreakerConfig circuitBreaker(JsonNode node) {
    if (node.isMissingNode()) {
      return null;
    }
    CircuitBreakerConfig d = CIRCUIT_BREAKER;
    return new CircuitBreakerConfig(
        node.path("consecutiveFailures").asInt(d.consecutiveFailures()),
        node.path("errorRate").asDouble(d.errorRate()),
        node.path("window").asInt(d.window()),
        ConfigBinder.duration(node.path("openFor"), d.openFor()),
        node.path("halfOpenRequests").asInt(d.halfOpenRequests()));
  }

  static RetryBudgetConfig retryBudget(JsonNode node) {
    RetryBudgetConfig d = RetryBudgetConfig.DEFAULTS;
    return node.isMissingNode() ? d
        : new RetryBudgetConfig(node.path("ratio").asDouble(d.ratio()), node.path("minRetries").asInt(d.minRetries()));
  }

  static RetryConfig retry(JsonNode node) {
    if (node.isMissingNode()) {
      return null;
    }
    Set<String> methods = strings(node.path("methods"), RETRY_METHODS);
    Set<String> on = new HashSet<>();
    Set<Integer> statuses = new HashSet<>();
    if (node.has("on")) {
      node.path("on").forEach(value -> {
        if (value.isIntegralNumber()) {
          statuses.add(value.intValue());
        } else {
          on.add(value.textValue());
        }
      });
    } else {
      on.addAll(RETRY_ON);
    }
    JsonNode perTry = node.path("perTryTimeout");
    return new RetryConfig(
        node.path("attempts").asInt(RETRY_ATTEMPTS),
        methods,
        on.contains("connect-failure"),
        on.contains("reset"),
        on.contains("timeout"),
        statuses,
        perTry.isTextual() ? Durations.parse(perTry.textValue()) : null);
  }

  static HeadersConfig headers(JsonNode node) {
    if (node.isMissingNode()) {
      return null;
    }
    List<String> remove = new ArrayList<>();
    node.path("remove").forEach(name -> remove.add(name.textValue()));
    return new HeadersConfig(ConfigBinder.texts(node.path("set")), ConfigBinder.texts(node.path("add")), remove);
  }

  private static Set<String> strings(JsonNode array, Set<String> fallback) {
    if (array.isMissingNode()) {
      return fallback;
    }
    Set<String> values = new HashSet<>();
    array.forEach(value -> values.add(value.textValue().toUpperCase(Locale.ROOT)));
    return values;
  }
}

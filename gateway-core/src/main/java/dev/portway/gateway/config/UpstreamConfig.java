package dev.portway.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code upstreams:}.
 *
 * @param name         the key under {@code upstreams:}
 * @param targets      at least one target
 * @param loadBalancer the balancing policy keyword ({@code round-robin} for now)
 * @param timeouts     upstream-wide timeouts with defaults applied
 */
public record UpstreamConfig(String name, List<TargetConfig> targets, String loadBalancer, TimeoutsConfig timeouts) {

  public UpstreamConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(timeouts, "timeouts");
    targets = List.copyOf(targets);
  }
}

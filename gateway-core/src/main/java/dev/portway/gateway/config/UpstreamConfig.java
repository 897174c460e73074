package dev.portway.gateway.config;

import java.util.List;

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
    targets = List.copyOf(targets);
  }
}

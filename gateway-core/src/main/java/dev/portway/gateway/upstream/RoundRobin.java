package dev.portway.gateway.upstream;

import dev.portway.gateway.config.TargetConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code loadBalancer: round-robin}. */
final class RoundRobin implements LoadBalancer {

  private final TargetConfig[] targets;
  private final AtomicInteger next = new AtomicInteger();

  RoundRobin(List<TargetConfig> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("an upstream needs at least one target");
    }
    this.targets = targets.toArray(TargetConfig[]::new);
  }

  @Override
  public TargetConfig next() {
    // floorMod keeps the index valid after the counter wraps past Integer.MAX_VALUE.
    return targets[Math.floorMod(next.getAndIncrement(), targets.length)];
  }
}

package dev.portway.gateway.upstream;

import dev.portway.gateway.config.TargetConfig;
import java.util.List;

/**
 * Picks the target of an upstream for one request. Called from any event loop, so implementations are
 * thread-safe and never block. New policies (weighted, least-requests, hash) are added as a keyword in
 * {@link #create} and a class beside {@link RoundRobin}.
 */
public interface LoadBalancer {

  /** The target for the next request. */
  TargetConfig next();

  /** The balancer named by an upstream's {@code loadBalancer:} keyword. */
  static LoadBalancer create(String keyword, List<TargetConfig> targets) {
    if (keyword == null || keyword.equals("round-robin")) {
      return roundRobin(targets);
    }
    throw new IllegalArgumentException("unknown load balancer: " + keyword);
  }

  /** Each target in turn. */
  static LoadBalancer roundRobin(List<TargetConfig> targets) {
    return new RoundRobin(targets);
  }
}

package dev.portway.gateway.upstream;

import dev.portway.gateway.config.UpstreamConfig;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Picks the target of an upstream for one request among the <em>available</em> ones
 * ({@link Target#available}). Called from any event loop, so implementations are thread-safe and
 * never block. Each {@code loadBalancer:} keyword is one class of the same name.
 */
public interface LoadBalancer {

  /** The target for this request, or {@code null} when no target is available. */
  Target pick(HttpServerRequest request, long now);

  /** The balancer named by the upstream's {@code loadBalancer:} keyword over {@code targets}. */
  static LoadBalancer create(UpstreamConfig config, List<Target> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("upstream " + config.name() + " needs at least one target");
    }
    Target[] array = targets.toArray(Target[]::new);
    return switch (config.loadBalancer()) {
      case "round-robin" -> new RoundRobin(array);
      case "weighted-round-robin" -> new WeightedRoundRobin(array);
      case "least-requests" -> new LeastRequests(array);
      case "consistent-hash" -> new ConsistentHash(array, HashKey.parse(config.hashOn()));
      default -> throw new IllegalArgumentException(
          "upstreams." + config.name() + ".loadBalancer: unknown load balancer '" + config.loadBalancer() + "'");
    };
  }

  /**
   * The next available target of {@code ring} in turn. An unavailable target's turn is consumed, not
   * handed to its neighbour, so the remaining targets keep equal shares; {@code null} only when no target
   * is available.
   */
  static Target nextAvailable(Target[] ring, IntSupplier turns, long now) {
    int turn = 0;
    for (int i = 0; i < ring.length; i++) {
      // floorMod keeps the index valid after the counter wraps past Integer.MAX_VALUE.
      turn = turns.getAsInt();
      Target target = ring[Math.floorMod(turn, ring.length)];
      if (target.available(now)) {
        return target;
      }
    }
    // Every event loop draws from the same counter, so the turns drawn above need not be consecutive nor
    // cover the ring: with one of two targets down, all of them could be its turns (a 503 "no healthy
    // target" while the other served). A scan of the whole ring settles it.
    return firstAvailable(ring, Math.floorMod(turn + 1, ring.length), now);
  }

  /** The first available target from {@code start} on, wrapping around; {@code null} when none is. */
  static Target firstAvailable(Target[] targets, int start, long now) {
    for (int i = 0; i < targets.length; i++) {
      Target target = targets[(start + i) % targets.length];
      if (target.available(now)) {
        return target;
      }
    }
    return null;
  }
}

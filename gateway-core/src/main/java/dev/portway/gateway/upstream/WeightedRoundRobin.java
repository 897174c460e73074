package dev.portway.gateway.upstream;

import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code loadBalancer: weighted-round-robin}: target {@code i} gets {@code weight[i] / sum(weights)} of
 * the requests, spread out rather than in bursts. The order is nginx's smooth weighted round-robin,
 * computed once into a schedule, so a pick is one atomic increment (no lock shared by the event loops).
 * An unavailable target's turns are skipped.
 */
final class WeightedRoundRobin implements LoadBalancer {

  private final Target[] schedule;
  private final AtomicInteger next = new AtomicInteger();

  WeightedRoundRobin(Target[] targets) {
    this.schedule = schedule(targets);
  }

  static Target[] schedule(Target[] targets) {
    int divisor = 0;
    for (Target target : targets) {
      divisor = gcd(divisor, target.weight());
    }
    int total = 0;
    for (Target target : targets) {
      total += target.weight() / divisor;
    }
    Target[] schedule = new Target[total];
    int[] current = new int[targets.length];
    for (int slot = 0; slot < total; slot++) {
      int best = 0;
      for (int i = 0; i < targets.length; i++) {
        current[i] += targets[i].weight() / divisor;
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      schedule[slot] = targets[best];
    }
    return schedule;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public Target pick(HttpServerRequest request, long now) {
    return LoadBalancer.nextAvailable(schedule, next::getAndIncrement, now);
  }
}

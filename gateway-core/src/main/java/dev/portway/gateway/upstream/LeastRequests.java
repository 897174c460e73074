package dev.portway.gateway.upstream;

import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code loadBalancer: least-requests}: the power of two choices. Two distinct targets are drawn at
 * random and the one with fewer requests in flight per unit of weight wins. Unlike a global minimum,
 * this needs no scan and does not send every event loop's burst to the same momentarily idle target.
 */
final class LeastRequests implements LoadBalancer {

  private final Target[] targets;

  LeastRequests(Target[] targets) {
    this.targets = targets;
  }

  @Override
  public Target pick(HttpServerRequest request, long now) {
    int n = targets.length;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (n == 1) {
      return targets[0].available(now) ? targets[0] : null;
    }
    int first = random.nextInt(n);
    int second = (first + 1 + random.nextInt(n - 1)) % n;
    Target a = targets[first];
    Target b = targets[second];
    boolean aUp = a.available(now);
    boolean bUp = b.available(now);
    if (aUp && bUp) {
      return lessLoaded(a, b);
    }
    if (aUp || bUp) {
      return aUp ? a : b;
    }
    return LoadBalancer.firstAvailable(targets, random.nextInt(n), now);
  }

  /** a.active / a.weight <= b.active / b.weight, without division. */
  static Target lessLoaded(Target a, Target b) {
    return (long) a.active() * b.weight() <= (long) b.active() * a.weight() ? a : b;
  }
}

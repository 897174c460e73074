package dev.portway.gateway.upstream;

import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code loadBalancer: round-robin}: each available target in turn. */
final class RoundRobin implements LoadBalancer {

  private final Target[] targets;
  private final AtomicInteger next = new AtomicInteger();

  RoundRobin(Target[] targets) {
    this.targets = targets;
  }

  @Override
  public Target pick(HttpServerRequest request, long now) {
    return LoadBalancer.nextAvailable(targets, next::getAndIncrement, now);
  }
}

package dev.portway.gateway.proxy;

import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.UpstreamConfig;
import dev.portway.gateway.policy.Policies;
import dev.portway.gateway.routing.Router;
import dev.portway.gateway.upstream.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the proxy needs for one config, compiled once and never changed: the route table and the
 * live upstreams. The gateway holds the current snapshot in an atomic reference, so a reload compiles a
 * new one, swaps it in, and shuts the old one's upstream clients down once their requests are done.
 */
public record Snapshot(GatewayConfig config, Router<ProxyRoute> router, Map<String, Upstream> upstreams) {

  public static Snapshot compile(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    return compile(vertx, config, registry, null);
  }

  /**
   * Compiles {@code config} keeping every upstream of {@code previous} whose config is unchanged: its
   * connection pool, health and outlier state carry over a reload. Retire {@code previous} with
   * {@link #retire}, which closes only what the new snapshot did not keep.
   */
  public static Snapshot compile(Vertx vertx, GatewayConfig config, MeterRegistry registry, Snapshot previous) {
    Map<String, Upstream> upstreams = new LinkedHashMap<>();
    for (UpstreamConfig upstream : config.upstreams().values()) {
      Upstream kept = previous == null ? null : previous.upstreams().get(upstream.name());
      upstreams.put(upstream.name(),
          kept != null && kept.config().equals(upstream) ? kept : Upstream.create(vertx, upstream, registry));
    }
    Router<ProxyRoute> router = Router.compile(config.routes(),
        route -> new ProxyRoute(route, upstreams.get(route.upstream()), Policies.forRoute(vertx, route, registry)));
    return new Snapshot(config, router, Map.copyOf(upstreams));
  }

  /** Shuts every upstream client down, letting requests in flight run for up to {@code grace}. */
  public Future<Void> shutdown(Duration grace) {
    return retire(null, grace);
  }

  /** Shuts down the upstream clients {@code next} did not keep (all when it is null), as {@link #shutdown} does. */
  public Future<Void> retire(Snapshot next, Duration grace) {
    List<Future<Void>> all = new ArrayList<>();
    for (Upstream upstream : upstreams.values()) {
      if (next == null || next.upstreams().get(upstream.name()) != upstream) {
        all.add(upstream.shutdown(grace));
      }
    }
    return Future.join(all).mapEmpty();
  }
}

package dev.portway.gateway.admin;

import dev.portway.gateway.config.RetryConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.proxy.ProxyRoute;
import dev.portway.gateway.proxy.Snapshot;
import dev.portway.gateway.upstream.Target;
import dev.portway.gateway.upstream.Upstream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /admin/routes} and {@code GET /admin/upstreams}: read-only JSON views of the live
 * snapshot. Routes come in the order the router tries them; route keywords that carry credentials
 * (edge security) are not shown.
 */
final class TrafficEndpoints {

  private TrafficEndpoints() {}

  static JsonObject routes(Snapshot snapshot) {
    JsonArray routes = new JsonArray();
    for (ProxyRoute route : snapshot.router().routes()) {
      routes.add(route(route.config()));
    }
    return new JsonObject().put("routes", routes);
  }

  private static JsonObject route(RouteConfig config) {
    JsonObject match = new JsonObject()
        .put("hosts", new JsonArray(config.match().hosts()))
        .put("path", config.match().path())
        .put("methods", new JsonArray(config.match().methods()))
        .put("headers", new JsonObject(new TreeMap<>(config.match().headers())))
        .put("pathRegex", config.match().pathRegex())
        .put("headerRegex", new JsonObject(new TreeMap<>(config.match().headerRegex())))
        .put("query", new JsonObject(new TreeMap<>(config.match().query())))
        .put("queryRegex", new JsonObject(new TreeMap<>(config.match().queryRegex())));
    JsonObject json = new JsonObject()
        .put("id", config.id())
        .put("priority", config.priority())
        .put("match", match)
        .put("upstream", config.upstream())
        .put("stripPrefix", config.stripPrefix())
        .put("timeouts", timeouts(config.timeouts()));
    if (config.rewritePath() != null) {
      json.put("rewritePath", new JsonObject().put("regex", config.rewritePath().regex())
          .put("replacement", config.rewritePath().replacement()));
    }
    RetryConfig retry = config.retry();
    if (retry != null) {
      JsonArray on = new JsonArray();
      if (retry.onConnectFailure()) {
        on.add("connect-failure");
      }
      if (retry.onReset()) {
        on.add("reset");
      }
      if (retry.onTimeout()) {
        on.add("timeout");
      }
      new TreeSet<>(retry.statuses()).forEach(on::add);
      json.put("retry", new JsonObject()
          .put("attempts", retry.attempts())
          .put("methods", new JsonArray(new TreeSet<>(retry.methods()).stream().toList()))
          .put("on", on)
          .put("perTryTimeout", retry.perTryTimeout() == null ? null : duration(retry.perTryTimeout())));
    }
    return json;
  }

  private static JsonObject timeouts(TimeoutsConfig timeouts) {
    return new JsonObject()
        .put("connect", duration(timeouts.connect()))
        .put("response", duration(timeouts.response()))
        .put("idle", duration(timeouts.idle()));
  }

  private static String duration(Duration duration) {
    return duration.toMillis() + "ms";
  }

  static JsonObject upstreams(Snapshot snapshot) {
    long now = System.nanoTime();
    JsonArray upstreams = new JsonArray();
    for (Upstream upstream : snapshot.upstreams().values().stream()
        .sorted(Comparator.comparing(Upstream::name)).toList()) {
      JsonArray targets = new JsonArray();
      int healthy = 0;
      for (Target target : upstream.targets()) {
        boolean available = target.available(now);
        healthy += available ? 1 : 0;
        targets.add(new JsonObject()
            .put("url", target.config().url())
            .put("weight", target.weight())
            .put("available", available)
            .put("healthCheck", target.checkedHealthy() ? "healthy" : "unhealthy")
            .put("ejected", target.ejected(now))
            .put("ejections", target.ejections())
            .put("circuitBreaker", target.circuitState() == null ? null : target.circuitState().label())
            .put("activeRequests", target.active()));
      }
      upstreams.add(new JsonObject()
          .put("name", upstream.name())
          .put("loadBalancer", upstream.config().loadBalancer())
          .put("protocol", upstream.config().protocol())
          .put("availableTargets", healthy)
          .put("targets", targets));
    }
    return new JsonObject().put("upstreams", upstreams);
  }
}

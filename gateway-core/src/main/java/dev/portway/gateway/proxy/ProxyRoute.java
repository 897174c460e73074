package dev.portway.gateway.proxy;

import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.upstream.Upstream;
import java.util.List;

/** A route ready to serve: its config, its live upstream and its policy chain. */
public record ProxyRoute(RouteConfig config, Upstream upstream, List<Policy> policies) {

  public ProxyRoute {
    policies = List.copyOf(policies);
  }

  public String id() {
    return config.id();
  }
}

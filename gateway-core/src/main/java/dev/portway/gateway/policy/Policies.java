package dev.portway.gateway.policy;

import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.proxy.Policy;
import java.util.ArrayList;
import java.util.List;

/** The chain of a route, built from its config keywords in the order they apply. */
public final class Policies {

  private Policies() {}

  public static List<Policy> forRoute(RouteConfig route) {
    List<Policy> chain = new ArrayList<>();
    if (route.stripPrefix() != null) {
      chain.add(new StripPrefix(route.stripPrefix()));
    }
    if (route.rewritePath() != null) {
      chain.add(new RewritePath(route.rewritePath().regex(), route.rewritePath().replacement()));
    }
    return List.copyOf(chain);
  }
}

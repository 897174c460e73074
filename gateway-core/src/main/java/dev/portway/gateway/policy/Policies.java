package dev.portway.gateway.policy;

import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.security.SecurityPolicies;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** The chain of a route, built from its config keywords in the order they apply. */
public final class Policies {

  private Policies() {}

  public static List<Policy> forRoute(Vertx vertx, RouteConfig route, MeterRegistry registry) {
    List<Policy> chain = new ArrayList<>(SecurityPolicies.forRoute(vertx, route, registry));
    if (route.stripPrefix() != null) {
      chain.add(new StripPrefix(route.stripPrefix()));
    }
    if (route.rewritePath() != null) {
      chain.add(new RewritePath(route.rewritePath().regex(), route.rewritePath().replacement()));
    }
    // Last forward and so first backward: the edits see the headers as the upstream would and the
    // response as the upstream sent it.
    if (route.requestHeaders() != null) {
      chain.add(new RequestHeaders(route.requestHeaders()));
    }
    if (route.responseHeaders() != null) {
      chain.add(new ResponseHeaders(route.responseHeaders()));
    }
    return List.copyOf(chain);
  }
}

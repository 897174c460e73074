package dev.portway.gateway.security;

import dev.portway.gateway.auth.ApiKey;
import dev.portway.gateway.auth.AuthFailures;
import dev.portway.gateway.auth.Jwt;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.cors.Cors;
import dev.portway.gateway.config.RouteSecurity;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.ratelimit.RateLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge-security part of a route's chain, in the order it must run: where the client is
 * ({@code ipRules}), browser preflights answered before any credential is asked for ({@code cors}),
 * who the client is ({@code apiKey}, {@code jwt}), then how much it may send ({@code rateLimit},
 * which may count per consumer or claim). A route without these keywords gets an empty list and pays nothing.
 */
public final class SecurityPolicies {

  private SecurityPolicies() {}

  public static List<Policy> forRoute(Vertx vertx, RouteConfig route, MeterRegistry registry) {
    RouteSecurity security = route.security();
    List<Policy> chain = new ArrayList<>();
    if (security.ipRules() != null) {
      chain.add(new IpRules(security.ipRules()));
    }
    if (security.cors() != null) {
      chain.add(new Cors(security.cors()));
    }
    if (security.apiKey() != null) {
      chain.add(new ApiKey(security.apiKey(), new AuthFailures(registry, route.id(), "apiKey")));
    }
    if (security.jwt() != null) {
      chain.add(new Jwt(vertx, security.jwt(), new AuthFailures(registry, route.id(), "jwt"), Clock.systemUTC()));
    }
    if (security.rateLimit() != null) {
      chain.add(RateLimit.create(vertx, route.id(), security.rateLimit(), registry, System::nanoTime));
    }
    return chain;
  }
}

package dev.portway.gateway.config;

/**
 * The edge-security keywords of one route ({@code apiKey}, {@code jwt}, {@code rateLimit},
 * {@code ipRules}, {@code cors}); each is {@code null} when the route does not use it, and a route
 * using none gets no security policy at all.
 */
public record RouteSecurity(ApiKeyConfig apiKey, JwtConfig jwt, RateLimitConfig rateLimit, IpRulesConfig ipRules,
    CorsConfig cors) {

  public static final RouteSecurity NONE = new RouteSecurity(null, null, null, null, null);

  /** Authentication and rate limiting only. */
  public RouteSecurity(ApiKeyConfig apiKey, JwtConfig jwt, RateLimitConfig rateLimit) {
    this(apiKey, jwt, rateLimit, null, null);
  }
}

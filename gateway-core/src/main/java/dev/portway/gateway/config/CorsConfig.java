package dev.portway.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code cors:} on a route: which browser origins may call it; preflight requests are answered by the
 * gateway.
 *
 * @param allowOrigins     exact origins ({@code https://app.example.com}) or {@code *}
 * @param allowMethods     methods a preflight may ask for
 * @param allowHeaders     request headers a preflight may ask for (case-insensitive)
 * @param exposeHeaders    response headers the browser may show to the script
 * @param allowCredentials whether cookies and authorization may be sent (never with {@code *})
 * @param maxAge           how long the browser may cache a preflight answer
 */
public record CorsConfig(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
    List<String> exposeHeaders, boolean allowCredentials, Duration maxAge) {

  public CorsConfig {
    allowOrigins = List.copyOf(allowOrigins);
    allowMethods = List.copyOf(allowMethods);
    allowHeaders = List.copyOf(allowHeaders);
    exposeHeaders = List.copyOf(exposeHeaders);
  }
}

package dev.portway.gateway.cors;

import dev.portway.gateway.config.CorsConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code cors:} a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered
 * here with 204 and never reaches the upstream or the authentication policies (browsers send it
 * without credentials); an origin, method or header not allowed gets 403. On other requests from an
 * allowed origin, the response gets {@code Access-Control-Allow-Origin} and the rest.
 */
public final class Cors implements Policy {

  private static final ProxyException FORBIDDEN = new ProxyException(403, "forbidden", "CORS request not allowed");

  private final CorsConfig config;
  private final boolean anyOrigin;
  private final Set<String> headers;

  public Cors(CorsConfig config) {
    this.config = config;
    this.anyOrigin = config.allowOrigins().contains("*");
    this.headers = config.allowHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    MultiMap request = exchange.request().headers();
    String origin = request.get("Origin");
    String method = request.get("Access-Control-Request-Method");
    if (origin == null || exchange.method() != HttpMethod.OPTIONS || method == null) {
      return Future.succeededFuture();
    }
    if (!allowed(origin) || !config.allowMethods().contains(method) || !headersAllowed(request.get("Access-Control-Request-Headers"))) {
      return Future.failedFuture(FORBIDDEN);
    }
    Map<String, String> answer = new LinkedHashMap<>(originHeaders(origin));
    answer.put("Access-Control-Allow-Methods", String.join(", ", config.allowMethods()));
    if (!config.allowHeaders().isEmpty()) {
      answer.put("Access-Control-Allow-Headers", String.join(", ", config.allowHeaders()));
    }
    answer.put("Access-Control-Max-Age", Long.toString(config.maxAge().toSeconds()));
    return Future.failedFuture(new ProxyException(204, "preflight", "", answer));
  }

  @Override
  public void onResponse(ProxyExchange exchange) {
    String origin = exchange.request().getHeader("Origin");
    if (origin != null && allowed(origin)) {
      originHeaders(origin).forEach(exchange.responseHeaders()::set);
      if (!config.exposeHeaders().isEmpty()) {
        exchange.responseHeaders().set("Access-Control-Expose-Headers", String.join(", ", config.exposeHeaders()));
      }
    }
  }

  /** Without these a browser hides the gateway's 401, 403 or 429 from the page that asked. */
  @Override
  public void onGatewayAnswer(ProxyExchange exchange) {
    onResponse(exchange);
  }

  private boolean allowed(String origin) {
    return anyOrigin || config.allowOrigins().contains(origin);
  }

  private boolean headersAllowed(String requested) {
    if (requested == null || requested.isBlank()) {
      return true;
    }
    for (String header : requested.split(",")) {
      if (!headers.contains(header.trim().toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /** With credentials the origin is echoed (the spec forbids {@code *} then); the answer varies by origin. */
  private Map<String, String> originHeaders(String origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    boolean echo = config.allowCredentials() || !anyOrigin;
    headers.put("Access-Control-Allow-Origin", echo ? origin : "*");
    if (config.allowCredentials()) {
      headers.put("Access-Control-Allow-Credentials", "true");
    }
    if (echo) {
      headers.put("Vary", "Origin");
    }
    return headers;
  }
}

package dev.portway.gateway.policy;

import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.Future;

/**
 * {@code stripPrefix: /echo}: {@code /echo/hello} goes upstream as {@code /hello}, and {@code /echo}
 * itself as {@code /}. Paths that do not start with the prefix (on a segment boundary) pass unchanged.
 */
public final class StripPrefix implements Policy {

  private final String prefix;

  public StripPrefix(String prefix) {
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    exchange.path(strip(exchange.path()));
    return Future.succeededFuture();
  }

  String strip(String path) {
    if (!path.startsWith(prefix)) {
      return path;
    }
    if (path.length() == prefix.length()) {
      return "/";
    }
    return path.charAt(prefix.length()) == '/' ? path.substring(prefix.length()) : path;
  }
}

package dev.portway.gateway.policy;

import dev.portway.gateway.config.HeadersConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.Future;

/** {@code requestHeaders: {remove, set, add}}: edits the headers sent upstream. */
public final class RequestHeaders implements Policy {

  private final HeaderEdits edits;

  public RequestHeaders(HeadersConfig config) {
    this.edits = new HeaderEdits(config);
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    edits.apply(exchange.requestHeaders());
    return Future.succeededFuture();
  }
}

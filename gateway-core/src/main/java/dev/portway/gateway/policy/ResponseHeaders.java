package dev.portway.gateway.policy;

import dev.portway.gateway.config.HeadersConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyExchange;

/**
 * {@code responseHeaders: {remove, set, add}}: edits the upstream's response headers before they are
 * sent to the client (the gateway's own error answers are not edited).
 */
public final class ResponseHeaders implements Policy {

  private final HeaderEdits edits;

  public ResponseHeaders(HeadersConfig config) {
    this.edits = new HeaderEdits(config);
  }

  @Override
  public void onResponse(ProxyExchange exchange) {
    edits.apply(exchange.responseHeaders());
  }
}

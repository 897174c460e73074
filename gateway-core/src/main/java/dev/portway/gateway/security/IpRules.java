package dev.portway.gateway.security;

import dev.portway.gateway.config.IpRulesConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.Future;

/** {@code ipRules:} the client's address ({@link ClientAddress}) against deny, then allow; 403 when refused. */
public final class IpRules implements Policy {

  private static final ProxyException FORBIDDEN =
      new ProxyException(403, "forbidden", "requests from this address are not allowed");

  private final IpRulesConfig config;

  public IpRules(IpRulesConfig config) {
    this.config = config;
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    byte[] client = Cidr.bytes(String.valueOf(ClientAddress.of(exchange)));
    boolean refused = config.deny().contains(client) || !config.allow().isEmpty() && !config.allow().contains(client);
    return refused ? Future.failedFuture(FORBIDDEN) : Future.succeededFuture();
  }
}

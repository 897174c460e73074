package dev.portway.gateway.security;

import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The client's IP address as {@code ipRules} and {@code rateLimit key: ip} see it: the TCP peer, unless
 * the peer is one of {@code listener.trustedProxies}; then {@code X-Forwarded-For} is read from the
 * right, skipping trusted proxies, and the first address not trusted is the client. A forged
 * left-most entry is never believed, since only entries added by trusted proxies are walked.
 */
public final class ClientAddress {

  /** {@link ProxyExchange#attributes()} key of the address resolved through trusted proxies. */
  static final String ATTRIBUTE = "client.address";

  private ClientAddress() {}

  /** The client's address, or {@code null} when the connection has none (a Unix socket). */
  public static String of(ProxyExchange exchange) {
    Object resolved = exchange.attributes().isEmpty() ? null : exchange.attributes().get(ATTRIBUTE);
    if (resolved != null) {
      return (String) resolved;
    }
    SocketAddress peer = exchange.request().remoteAddress();
    return peer == null ? null : peer.hostAddress();
  }

  /** Resolves and stores the address when the peer is a trusted proxy; a route then reads it with {@link #of}. */
  static void resolve(ProxyExchange exchange, Networks trustedProxies) {
    SocketAddress peer = exchange.request().remoteAddress();
    if (peer == null || !trustedProxies.contains(peer.hostAddress())) {
      return;
    }
    String client = peer.hostAddress();
    List<String> forwarded = exchange.request().headers().getAll("X-Forwarded-For");
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (Cidr.bytes(hop) == null) {
          // Garbage in the chain: stop at the last address a trusted proxy vouched for.
          exchange.attributes().put(ATTRIBUTE, client);
          return;
        }
        client = hop;
        if (!trustedProxies.contains(hop)) {
          exchange.attributes().put(ATTRIBUTE, client);
          return;
        }
      }
    }
    exchange.attributes().put(ATTRIBUTE, client);
  }
}

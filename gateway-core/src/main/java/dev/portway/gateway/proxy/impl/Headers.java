package dev.portway.gateway.proxy.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The header rules of a proxy hop (RFC 9110 §7.6.1) and Portway's own headers. */
final class Headers {

  static final String X_REQUEST_ID = "X-Request-Id";
  static final String X_FORWARDED_FOR = "X-Forwarded-For";
  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  /** Longest client-supplied request id passed on; a longer one is replaced, so logs stay bounded. */
  static final int MAX_REQUEST_ID_LENGTH = 128;

  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
      "proxy-connection", "proxy-authenticate", "proxy-authorization");

  private Headers() {}

  /**
   * Copies {@code from} into {@code to} without hop-by-hop headers: the fixed list, any {@code Proxy-*}
   * header, and every header named in {@code Connection}. For a {@code request}, {@code Host} is left
   * out too (the upstream gets its target's authority; the client's goes in X-Forwarded-Host), and so
   * is {@code Expect}: the gateway's listener already answered {@code 100-continue} itself.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to, boolean request) {
    String connection = from.get(HttpHeaders.CONNECTION);
    Set<String> listed = connection == null ? Set.of() : connectionTokens(connection);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || name.startsWith("proxy-") || listed.contains(name)
          || (request && (name.equals("host") || name.equals("expect")))) {
        continue;
      }
      to.add(header.getKey(), header.getValue());
    }
  }

  private static Set<String> connectionTokens(String connection) {
    String[] tokens = connection.split(",");
    String[] names = new String[tokens.length];
    int n = 0;
    for (String token : tokens) {
      String name = token.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        names[n++] = name;
      }
    }
    return Set.of(Arrays.stream(names, 0, n).distinct().toArray(String[]::new));
  }

  /** Appends {@code clientAddress} to X-Forwarded-For (folding repeated headers) and sets Proto and Host. */
  static void setForwarded(MultiMap headers, String clientAddress, String scheme, String host) {
    List<String> previous = headers.getAll(X_FORWARDED_FOR);
    String xff = previous.isEmpty() ? clientAddress : String.join(", ", previous) + ", " + clientAddress;
    headers.set(X_FORWARDED_FOR, xff);
    headers.set(X_FORWARDED_PROTO, scheme);
    if (host != null) {
      headers.set(X_FORWARDED_HOST, host);
    }
  }

  /** The client's request id when usable, else a new random one (32 hex digits, like a trace id). */
  static String requestId(MultiMap headers) {
    String given = headers.get(X_REQUEST_ID);
    if (given != null && !given.isEmpty() && given.length() <= MAX_REQUEST_ID_LENGTH) {
      return given;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex16(random.nextLong()) + hex16(random.nextLong());
  }

  private static String hex16(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(16 - hex.length()) + hex;
  }
}

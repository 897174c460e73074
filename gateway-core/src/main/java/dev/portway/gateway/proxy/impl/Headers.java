package dev.portway.gateway.proxy.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** The header rules of a proxy hop (RFC 9110 §7.6.1) and Portway's own headers. */
final class Headers {

  static final String X_REQUEST_ID = "X-Request-Id";
  static final String X_FORWARDED_FOR = "X-Forwarded-For";
  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  /** Longest client-supplied request id passed on; a longer one is replaced, so logs stay bounded. */
  static final int MAX_REQUEST_ID_LENGTH = 128;

  private Headers() {}

  /**
   * Copies {@code from} into {@code to} without hop-by-hop headers: the fixed list, any {@code Proxy-*}
   * header, and every header named in {@code Connection}. For a {@code request}, {@code Host} is left
   * out too (the upstream gets its target's authority; the client's goes in X-Forwarded-Host), and so
   * is {@code Expect}: the gateway's listener already answered {@code 100-continue} itself.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to, boolean request) {
    String connection = from.get(HttpHeaders.CONNECTION);
    String[] listed = connection == null ? NONE : connectionTokens(connection);
    // forEach hands out the stored name and value: no entry objects, and no lower-cased copies below.
    from.forEach((name, value) -> {
      if (!isHopByHop(name, request) && !isListed(name, listed)) {
        to.add(name, value);
      }
    });
  }

  /**
   * The fixed hop-by-hop list, any {@code Proxy-*} header, and for a request {@code Host} and
   * {@code Expect}; compared ignoring case without allocating (this runs for every header of every
   * exchange, twice).
   */
  static boolean isHopByHop(String name, boolean request) {
    // The first letter rules most names out before the case-blind comparison.
    if (name.length() >= 6 && (name.charAt(0) == 'p' || name.charAt(0) == 'P')
        && name.regionMatches(true, 0, "proxy-", 0, 6)) {
      return true;
    }
    switch (name.length()) {
      case 2:
        return name.equalsIgnoreCase("te");
      case 4:
        return request && name.equalsIgnoreCase("host");
      case 6:
        return request && name.equalsIgnoreCase("expect");
      case 7:
        return name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
      case 10:
        return name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 17:
        return name.equalsIgnoreCase("transfer-encoding");
      default:
        return false;
    }
  }

  private static boolean isListed(String name, String[] listed) {
    for (String token : listed) {
      if (token.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] NONE = {};
  private static final String[] KEEP_ALIVE = {"keep-alive"};
  private static final String[] CLOSE = {"close"};

  /** The header names listed in {@code Connection}; the usual single token costs no parsing. */
  private static String[] connectionTokens(String connection) {
    if (connection.equalsIgnoreCase("keep-alive")) {
      return KEEP_ALIVE;
    }
    if (connection.equalsIgnoreCase("close")) {
      return CLOSE;
    }
    String[] tokens = connection.split(",");
    String[] names = new String[tokens.length];
    int n = 0;
    for (String token : tokens) {
      String name = token.trim();
      if (!name.isEmpty()) {
        names[n++] = name;
      }
    }
    return Arrays.copyOf(names, n);
  }

  /** Appends {@code clientAddress} to X-Forwarded-For (folding repeated headers) and sets Proto and Host. */
  static void setForwarded(MultiMap headers, String clientAddress, String scheme, String host) {
    // Most requests come straight from a client and carry no X-Forwarded-For: no list is made for them.
    String xff = headers.contains(X_FORWARDED_FOR)
        ? String.join(", ", headers.getAll(X_FORWARDED_FOR)) + ", " + clientAddress : clientAddress;
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
    byte[] hex = new byte[32];
    hex16(random.nextLong(), hex, 0);
    hex16(random.nextLong(), hex, 16);
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /** 16 lower-case hex digits of {@code value}, zero-padded, into {@code out} from {@code at}. */
  private static void hex16(long value, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}

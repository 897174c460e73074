package dev.portway.gateway.upstream;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/** {@code hashOn:} what {@code consistent-hash} hashes: {@code client-ip}, {@code header:NAME} or {@code cookie:NAME}. */
sealed interface HashKey {

  /** The key of {@code request}, or {@code null} when it has none (no such header or cookie). */
  String of(HttpServerRequest request);

  static HashKey parse(String hashOn) {
    if (hashOn.equals("client-ip")) {
      return new ClientIp();
    }
    if (hashOn.startsWith("header:")) {
      return new Header(hashOn.substring("header:".length()));
    }
    if (hashOn.startsWith("cookie:")) {
      return new CookieValue(hashOn.substring("cookie:".length()));
    }
    throw new IllegalArgumentException("hashOn must be client-ip, header:NAME or cookie:NAME, got '" + hashOn + "'");
  }

  record ClientIp() implements HashKey {
    @Override
    public String of(HttpServerRequest request) {
      SocketAddress remote = request.remoteAddress();
      return remote == null ? null : remote.hostAddress();
    }
  }

  record Header(String name) implements HashKey {
    @Override
    public String of(HttpServerRequest request) {
      return request.getHeader(name);
    }
  }

  record CookieValue(String name) implements HashKey {
    @Override
    public String of(HttpServerRequest request) {
      Cookie cookie = request.getCookie(name);
      return cookie == null ? null : cookie.getValue();
    }
  }
}

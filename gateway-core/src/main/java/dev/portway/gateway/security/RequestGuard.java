package dev.portway.gateway.security;

import dev.portway.gateway.config.LimitsConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * What every request passes before routing: its path normalised (or refused, {@link RequestPath}), its
 * declared body size against {@code listener.limits.maxBodySize}, and a deadline for its body against
 * slow uploads. Header size and URL length are refused earlier, by the HTTP decoder (431, 414), and so
 * are conflicting {@code Content-Length}/{@code Transfer-Encoding} headers (400).
 */
public final class RequestGuard {

  private static final ProxyException BAD_PATH = new ProxyException(400, "bad_request", "the request path is not allowed");
  private static final ProxyException BAD_LENGTH = new ProxyException(400, "bad_request", "invalid Content-Length");
  private static final ProxyException TOO_LARGE = new ProxyException(413, "payload_too_large", "the request body is too large");
  private static final ProxyException LENGTH_REQUIRED =
      new ProxyException(411, "length_required", "a body must declare its Content-Length on this listener");

  private RequestGuard() {}

  /**
   * Sets the exchange's path to the normalised one and finds the client's address behind trusted
   * proxies ({@link ClientAddress}), or returns the answer that refuses the request
   * ({@code null} when it may go on).
   */
  public static ProxyException admit(ProxyExchange exchange, ListenerConfig listener) {
    HttpServerRequest request = exchange.request();
    LimitsConfig limits = listener.limits();
    String path = RequestPath.normalise(request.path());
    if (path == null) {
      return BAD_PATH;
    }
    if (limits.maxBodySize() > 0) {
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null) {
        try {
          if (Long.parseLong(length) > limits.maxBodySize()) {
            return TOO_LARGE;
          }
        } catch (NumberFormatException e) {
          return BAD_LENGTH;
        }
      } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
        // A chunked body announces no size, and the proxy streams it on before its end is known.
        return LENGTH_REQUIRED;
      }
    }
    if (!limits.requestTimeout().isZero() && !request.isEnded()) {
      bodyDeadline(request, limits.requestTimeout().toMillis());
    }
    if (!listener.trustedProxies().isEmpty()) {
      ClientAddress.resolve(exchange, listener.trustedProxies());
    }
    exchange.path(path);
    return null;
  }

  /**
   * Answers a request the HTTP decoder could not read (a request line or header block too long,
   * conflicting {@code Content-Length}/{@code Transfer-Encoding}, a malformed line) and closes the
   * connection: what follows on it cannot be trusted to start a request (RFC 9112 §6.3).
   */
  public static void refuseInvalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONNECTION, "close").end()
        .onComplete(v -> request.connection().close());
  }

  /**
   * Closes the connection when the body has not fully arrived in time: a client trickling its upload
   * would otherwise hold a connection and an upstream request as long as it likes.
   */
  private static void bodyDeadline(HttpServerRequest request, long millis) {
    Vertx vertx = Vertx.currentContext().owner();
    long timer = vertx.setTimer(millis, id -> {
      if (!request.isEnded()) {
        request.connection().close();
      }
    });
    request.response().endHandler(v -> vertx.cancelTimer(timer));
  }
}

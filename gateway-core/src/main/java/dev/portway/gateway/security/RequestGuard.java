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
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * What every request passes before routing: its path normalised (or refused, {@link RequestPath}), its
 * declared body size against {@code listener.limits.maxBodySize}, and a deadline for its body against
 * slow uploads. Header size and URL length are refused earlier, by the HTTP decoder (431, 414), and so
 * are conflicting {@code Content-Length}/{@code Transfer-Encoding} headers (400). Framing the decoder
 * lets through is refused here with 400 and the connection closed (RFC 9112 §3.2, §6.3): an HTTP/1.1
 * request without {@code Host} or with more than one, and a {@code Transfer-Encoding} whose last coding
 * is not {@code chunked} (its body has no end the gateway and the upstream would agree on).
 */
public final class RequestGuard {

  private static final ProxyException BAD_PATH = new ProxyException(400, "bad_request", "the request path is not allowed");
  private static final ProxyException BAD_LENGTH = new ProxyException(400, "bad_request", "invalid Content-Length");
  private static final ProxyException TOO_LARGE = new ProxyException(413, "payload_too_large", "the request body is too large");
  /** What follows a request framed like that on its connection cannot be trusted to start a request. */
  private static final Map<String, String> CLOSE = Map.of(HttpHeaders.CONNECTION.toString(), "close");
  private static final ProxyException BAD_HOST =
      new ProxyException(400, "bad_request", "an HTTP/1.1 request needs exactly one Host header", CLOSE);
  private static final ProxyException BAD_TRANSFER_ENCODING =
      new ProxyException(400, "bad_request", "the last Transfer-Encoding must be chunked", CLOSE);
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
    ProxyException framing = framing(request);
    if (framing != null) {
      return framing;
    }
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

  /** {@code Host} and {@code Transfer-Encoding} as RFC 9112 requires them, or the answer that refuses the request. */
  private static ProxyException framing(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_1 && request.headers().getAll(HttpHeaders.HOST).size() != 1) {
      return BAD_HOST;
    }
    List<String> encodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (!encodings.isEmpty()) {
      String[] codings = String.join(",", encodings).split(",");
      if (codings.length == 0 || !codings[codings.length - 1].trim().equalsIgnoreCase("chunked")) {
        return BAD_TRANSFER_ENCODING;
      }
    }
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

package dev.portway.gateway.retry;

import dev.portway.gateway.config.RetryConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * The rules that keep {@code retry:} safe, in one place. A try may be repeated only
 * <ul>
 *   <li>before anything of its response reached the client (the proxy asks only before it relays a
 *       response head);</li>
 *   <li>when the failure is one the route lists ({@code on}: connect-failure, reset, timeout, statuses);</li>
 *   <li>when the request can be sent again: nothing of it reached the target (connect failure), or it
 *       has no body — a streamed body is gone once sent, and buffering it would cost the memory that
 *       streaming saves;</li>
 *   <li>when the method is in {@code methods} (idempotent ones by default), unless nothing was sent;</li>
 *   <li>while attempts remain and the upstream's retry budget has room (checked by the caller last,
 *       because it takes a place).</li>
 * </ul>
 */
public final class Retry {

  /** How a try failed. */
  public enum Failure { CONNECT, RESET, TIMEOUT, STATUS }

  private Retry() {}

  /** Whether the try number {@code attempt} (1-based) that failed with {@code failure} may be repeated. */
  public static boolean isRetryable(RetryConfig config, HttpMethod method, boolean replayable, int attempt,
      Failure failure, int status) {
    if (config == null || attempt >= config.attempts()) {
      return false;
    }
    boolean listed = switch (failure) {
      case CONNECT -> config.onConnectFailure();
      case RESET -> config.onReset();
      case TIMEOUT -> config.onTimeout();
      case STATUS -> config.statuses().contains(status);
    };
    if (!listed) {
      return false;
    }
    // Nothing reached the target: the body is still unread in the client's socket, any method is safe.
    if (failure == Failure.CONNECT) {
      return true;
    }
    return config.methods().contains(method.name()) && replayable;
  }

  /**
   * Whether {@code request} can be sent once more after a try sent it: only when it has no body. An
   * HTTP/1.1 request announces a body in its head; an HTTP/2 request needs neither Content-Length nor
   * chunking, so it is body-less only once its stream ended (END_STREAM) without a byte of body.
   */
  public static boolean isRequestReplayable(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return request.isEnded() && request.bytesRead() == 0;
    }
    return isRequestReplayable(request.headers());
  }

  /** Whether an HTTP/1.1 request with these headers can be sent once more after a try sent it: only when it has no body. */
  public static boolean isRequestReplayable(MultiMap headers) {
    if (headers.contains(HttpHeaders.TRANSFER_ENCODING)) {
      return false;
    }
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    return length == null || length.equals("0");
  }
}

package dev.portway.gateway.proxy.impl;

import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.proxy.ExchangeListener;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange.UpstreamOutcome;
import dev.portway.gateway.proxy.ProxyHandler;
import dev.portway.gateway.proxy.ProxyRoute;
import dev.portway.gateway.proxy.Snapshot;
import dev.portway.gateway.security.RequestGuard;
import dev.portway.gateway.config.RetryConfig;
import dev.portway.gateway.retry.Retry;
import dev.portway.gateway.upstream.Target;
import dev.portway.gateway.upstream.Upstream;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.Pipe;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The request path, top to bottom: {@link #handle} routes and runs the policies forward,
 * {@link #forward} opens the upstream request and streams the client's body into it,
 * {@link #relay} runs the policies backward and streams the upstream's response to the client, and
 * {@link #fail} answers with a JSON error when any step fails. Every step runs on the client
 * request's event loop; bodies move through {@link Pipe}s, which pause the reading side while the
 * writing side is full, so memory stays flat whatever the body size.
 */
public final class ProxyHandlerImpl implements ProxyHandler {

  private final Supplier<Snapshot> snapshot;
  private final ExchangeListener listener;
  private final String scheme;
  private final ResponseTimeouts responseTimeouts = new ResponseTimeouts();

  public ProxyHandlerImpl(Supplier<Snapshot> snapshot, ExchangeListener listener, String scheme) {
    this.snapshot = snapshot;
    this.listener = listener;
    this.scheme = scheme;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(request, listener, scheme);
    // X-Request-Id goes on the response where its headers are written: relay, fail and the WebSocket 101.
    request.response().closeHandler(v -> clientGone(exchange));

    Snapshot current = snapshot.get();
    ProxyException refused = RequestGuard.admit(exchange, current.config().listener());
    if (refused != null) {
      fail(exchange, refused);
      return;
    }
    ProxyRoute route = current.router()
        .match(exchange.host(), exchange.path(), request.method(), request.headers(), request.query());
    if (route == null) {
      fail(exchange, ProxyException.noRoute(request.method().name(), request.path()));
      return;
    }
    exchange.route(route);
    // A body stays in the socket until the upstream request can take it. A request without one is not
    // paused (most are GETs): its end is read at once instead of waiting in Vert.x's queue. An upgrade
    // is, because Vert.x completes the WebSocket handshake on the request's end.
    if (!bodiless(request) || WebSocketRelay.isUpgrade(request)) {
      request.pause();
    }
    walkForward(exchange, route.policies(), 0).onComplete(done -> {
      if (done.failed()) {
        fail(exchange, done.cause());
      } else if (WebSocketRelay.isUpgrade(request)) {
        webSocket(exchange, route);
      } else {
        forward(exchange, route, 1);
      }
    });
  }

  /**
   * Relays a WebSocket ({@link WebSocketRelay}) once the policies admitted the upgrade. The upstream
   * handshake is the one try (never retried: it is not idempotent in general); its outcome counts for
   * the target's health, and the exchange, with status 101, ends when both sides are closed.
   */
  private void webSocket(Exchange exchange, ProxyRoute route) {
    Upstream upstream = route.upstream();
    HttpServerRequest request = exchange.request();
    Target target = upstream.dispatch(request, false);
    if (target == null) {
      fail(exchange, ProxyException.noHealthyTarget(upstream.name()));
      return;
    }
    TargetConfig config = target.config();
    TimeoutsConfig timeouts = route.config().timeouts();
    exchange.target(target);
    request.response().putHeader(Headers.X_REQUEST_ID, exchange.requestId());
    WebSocketRelay.open(upstream.webSockets(), request,
        WebSocketRelay.connectOptions(config.host(), config.port(), config.tls(), exchange.uri(),
            exchange.requestHeaders(), timeouts.connect().toMillis()),
        timeouts.idle().toMillis()).onComplete(opened -> {
          if (opened.failed() && opened.cause() instanceof UpgradeRejectedException rejected) {
            // The upstream answered, just not with a 101 (a 401, a 404): the client hears its status.
            upstream.finished(target, false, rejected.getStatus() >= 500);
            exchange.upstreamDone(UpstreamOutcome.SUCCESS);
            fail(exchange, new ProxyException(rejected.getStatus(), "upgrade_rejected",
                "upstream " + upstream.name() + " did not accept the WebSocket upgrade"));
            return;
          }
          if (opened.failed()) {
            upstream.finished(target, false, true);
            failUpstream(exchange, upstream, opened.cause());
            return;
          }
          upstream.finished(target, false, false);
          exchange.status(101);
          opened.result().onComplete(closed -> {
            exchange.upstreamDone(UpstreamOutcome.SUCCESS);
            exchange.complete();
          });
        });
  }

  /** Runs {@code policies[from..]} in order, each after the previous one's future succeeded. */
  private static Future<Void> walkForward(Exchange exchange, List<Policy> policies, int from) {
    for (int i = from; i < policies.size(); i++) {
      Future<Void> step = policies.get(i).onRequest(exchange);
      if (!step.isComplete()) {
        int next = i + 1;
        return step.compose(v -> walkForward(exchange, policies, next));
      }
      if (step.failed()) {
        return step;
      }
    }
    return Future.succeededFuture();
  }

  /**
   * Sends try number {@code attempt} to a target the balancer picks. A try that fails before its
   * response head is relayed may be repeated ({@link #retryOrFail}); once {@link #relay} runs, never.
   */
  private void forward(Exchange exchange, ProxyRoute route, int attempt) {
    if (exchange.completed()) {
      return;
    }
    Upstream upstream = route.upstream();
    boolean retry = attempt > 1;
    HttpServerRequest request = exchange.request();
    Target target = upstream.dispatch(request, retry);
    if (target == null) {
      fail(exchange, ProxyException.noHealthyTarget(upstream.name()));
      return;
    }
    TargetConfig targetConfig = target.config();
    TimeoutsConfig timeouts = route.config().timeouts();
    RequestOptions options = new RequestOptions()
        .setMethod(request.method())
        .setHost(targetConfig.host())
        .setPort(targetConfig.port())
        .setSsl(targetConfig.tls())
        .setURI(exchange.uri())
        .setHeaders(exchange.requestHeaders())
        .setConnectTimeout(timeouts.connect().toMillis());
    exchange.target(target);
    upstream.client().request(options).onComplete(opened -> {
      if (opened.failed()) {
        upstream.finished(target, retry, true);
        retryOrFail(exchange, route, attempt, Retry.Failure.CONNECT, opened.cause());
        return;
      }
      HttpClientRequest upstreamRequest = opened.result();
      if (exchange.completed()) {
        upstream.abandoned(target, retry);
        upstreamRequest.reset();
        return;
      }
      exchange.upstreamRequest(upstreamRequest);
      // Failures arrive through the response future and the body pipes; without a handler Vert.x would
      // also log each reset (every client that hangs up) as an error.
      upstreamRequest.exceptionHandler(ignored -> {});
      ResponseTimeouts.Wait wait = responseTimeouts.newWait(upstreamRequest, responseTimeout(route));
      upstreamRequest.response().onComplete(answered -> {
        wait.answered();
        if (exchange.completed()) {
          upstream.abandoned(target, retry);
          upstreamRequest.reset();
        } else if (answered.failed()) {
          upstream.finished(target, retry, true);
          Throwable cause = answered.cause();
          retryOrFail(exchange, route, attempt,
              cause instanceof TimeoutException ? Retry.Failure.TIMEOUT : Retry.Failure.RESET, cause);
        } else {
          HttpClientResponse upstreamResponse = answered.result();
          int status = upstreamResponse.statusCode();
          upstream.finished(target, retry, status >= 500);
          // Most routes have no retry: the replay check (a header lookup) is not made for them.
          if (route.config().retry() != null
              && Retry.isRetryable(route.config().retry(), request.method(), Retry.isRequestReplayable(request), attempt,
                  Retry.Failure.STATUS, status)
              && upstream.tryRetry()) {
            // Nothing of this response reached the client; dropping the connection is the cheap way to discard it.
            upstreamRequest.reset();
            forward(exchange, route, attempt + 1);
          } else {
            relay(exchange, route, upstreamRequest, upstreamResponse);
          }
        }
      });
      sendBody(exchange, upstreamRequest, wait);
    });
  }

  /** Repeats a try that got no response head when {@link Retry} and the retry budget allow it, else answers 502/504. */
  private void retryOrFail(Exchange exchange, ProxyRoute route, int attempt, Retry.Failure failure, Throwable cause) {
    if (!exchange.completed()
        && Retry.isRetryable(route.config().retry(), exchange.method(), Retry.isRequestReplayable(exchange.request()),
            attempt, failure, 0)
        && route.upstream().tryRetry()) {
      forward(exchange, route, attempt + 1);
    } else {
      failUpstream(exchange, route.upstream(), cause);
    }
  }

  /** The time a try may wait for its response head once sent: the route's per-try timeout, else its response timeout. */
  private static long responseTimeout(ProxyRoute route) {
    RetryConfig retry = route.config().retry();
    Duration timeout = retry != null && retry.perTryTimeout() != null ? retry.perTryTimeout()
        : route.config().timeouts().response();
    return timeout.toMillis();
  }

  /**
   * Streams the client's body into the upstream request. The response timeout starts once the whole
   * request is sent; until then the connection's idle timeout guards a stalled upload.
   */
  private static void sendBody(Exchange exchange, HttpClientRequest upstreamRequest, ResponseTimeouts.Wait wait) {
    HttpServerRequest request = exchange.request();
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      upstreamRequest.setChunked(true);
    }
    if (request.isEnded() || bodiless(request)) {
      if (!request.isEnded()) {
        // Its end only has to be read: no pipe is set up.
        request.resume();
      }
      // The whole request is its head, written now: the response timeout starts here, and no listener
      // waits for the write (one fewer per request). A failed write closes the connection, which fails
      // the response; the response timeout, armed first, ends the try if nothing else does.
      wait.start();
      upstreamRequest.end();
      return;
    }
    Pipe<Buffer> pipe = request.pipe();
    // A broken upload must not look complete to the upstream: reset instead of ending.
    pipe.endOnFailure(false);
    pipe.to(upstreamRequest).onComplete(done -> {
      if (done.failed()) {
        upstreamRequest.reset(0, done.cause());
      } else {
        wait.start();
      }
    });
  }

  /** An HTTP/1.x request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3). */
  private static boolean bodiless(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && Retry.isRequestReplayable(request.headers());
  }

  private void relay(Exchange exchange, ProxyRoute route, HttpClientRequest upstreamRequest,
      HttpClientResponse upstreamResponse) {
    if (exchange.completed()) {
      upstreamRequest.reset();
      return;
    }
    // From here the timeout is the longest silence while the body streams.
    upstreamRequest.idleTimeout(route.config().timeouts().idle().toMillis());
    HttpServerResponse response = exchange.request().response();
    int status = upstreamResponse.statusCode();
    String reason = upstreamResponse.statusMessage();
    // A response starts as 200 OK: most need no status set (each set is a status lookup in Vert.x).
    if (status != 200 || !reason.equals("OK")) {
      response.setStatusCode(status);
      if (!reason.equals(HttpResponseStatus.valueOf(status).reasonPhrase())) {
        // Only a non-standard reason phrase is set: Vert.x builds a new status object for each one it is given.
        response.setStatusMessage(reason);
      }
    }
    Headers.copyEndToEnd(upstreamResponse.headers(), response.headers(), false);
    response.putHeader(Headers.X_REQUEST_ID, exchange.requestId());
    if (!upstreamResponse.headers().contains(HttpHeaders.CONTENT_LENGTH)
        && mayHaveBody(exchange.method(), upstreamResponse.statusCode())) {
      response.setChunked(true);
    }
    exchange.status(upstreamResponse.statusCode());
    List<Policy> policies = route.policies();
    for (int i = policies.size() - 1; i >= 0; i--) {
      policies.get(i).onResponse(exchange);
    }
    Pipe<Buffer> pipe = upstreamResponse.pipe();
    // A body cut short upstream must reach the client as a reset, not as a complete response.
    pipe.endOnFailure(false);
    pipe.to(response).onComplete(done -> {
      if (done.succeeded()) {
        exchange.upstreamDone(UpstreamOutcome.SUCCESS);
        exchange.complete();
      } else {
        exchange.upstreamDone(done.cause() instanceof TimeoutException ? UpstreamOutcome.TIMEOUT : UpstreamOutcome.ERROR);
        upstreamRequest.reset();
        response.reset();
        exchange.complete();
      }
    });
  }

  private static boolean mayHaveBody(HttpMethod method, int status) {
    return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }

  /** Answers with {@code cause}'s status and JSON body, or resets when the response already started. */
  private static void fail(Exchange exchange, Throwable cause) {
    if (exchange.completed()) {
      return;
    }
    ProxyException error = cause instanceof ProxyException p
        ? p : new ProxyException(500, "internal_error", "the gateway failed to handle the request");
    HttpServerResponse response = exchange.request().response();
    if (response.headWritten()) {
      response.reset();
      exchange.complete();
      return;
    }
    Buffer body = new JsonObject()
        .put("error", error.code())
        .put("message", error.getMessage())
        .put("requestId", exchange.requestId())
        .toBuffer();
    exchange.status(error.status());
    response.headers().clear();
    // A 204 (a CORS preflight the gateway answers itself) carries its headers and no body.
    boolean empty = error.status() == 204;
    response.setStatusCode(error.status()).putHeader(Headers.X_REQUEST_ID, exchange.requestId());
    if (!empty) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    error.headers().forEach(response::putHeader);
    if (exchange.route() != null) {
      exchange.route().policies().forEach(policy -> policy.onGatewayAnswer(exchange));
    }
    // Closing is cheaper than draining a body nobody will read (it may be a gigabyte). An answer that says
    // Connection: close (RequestGuard's to a badly framed request) closes too: Vert.x would keep the connection.
    boolean close = (unreadBody(exchange.request())
        || "close".equalsIgnoreCase(error.headers().get(HttpHeaders.CONNECTION.toString())))
        && exchange.request().version() != HttpVersion.HTTP_2;
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    response.end(empty ? Buffer.buffer() : body).onComplete(v -> {
      exchange.complete();
      if (close) {
        // Vert.x would otherwise keep the connection until the unread body has arrived.
        exchange.request().connection().close();
      }
    });
  }

  private static boolean unreadBody(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !length.equals("0"));
  }

  /** Answers a failed upstream request with 502 or 504 and records the upstream outcome. */
  private static void failUpstream(Exchange exchange, Upstream upstream, Throwable cause) {
    String name = upstream.name();
    ProxyException error;
    if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
      exchange.upstreamDone(UpstreamOutcome.TIMEOUT);
      error = ProxyException.gatewayTimeout(name, "timed out: " + cause.getMessage());
    } else if (cause instanceof ConnectException) {
      exchange.upstreamDone(UpstreamOutcome.REFUSED);
      error = ProxyException.badGateway(name, "connection refused: " + cause.getMessage());
    } else {
      exchange.upstreamDone(UpstreamOutcome.ERROR);
      error = ProxyException.badGateway(name, "no valid response: " + cause.getMessage());
    }
    fail(exchange, error);
  }

  /** The client closed the connection before the exchange finished: stop the upstream side too. */
  private static void clientGone(Exchange exchange) {
    if (exchange.completed()) {
      return;
    }
    if (exchange.statusCode() == 0) {
      exchange.status(Exchange.CLIENT_CLOSED_REQUEST);
    }
    exchange.upstreamDone(UpstreamOutcome.ERROR);
    HttpClientRequest upstreamRequest = exchange.upstreamRequest();
    if (upstreamRequest != null) {
      upstreamRequest.reset();
    }
    exchange.complete();
  }
}

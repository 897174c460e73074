package dev.portway.gateway.proxy.impl;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import java.util.ArrayList;
import java.util.List;

/**
 * One proxied WebSocket (decision 0702): the upstream WebSocket is opened first, so a refused or
 * rejecting upstream still gets the client a plain HTTP answer; then the client's upgrade is accepted
 * with the upstream's chosen subprotocol, and frames are relayed both ways as they are (text, binary,
 * continuation: fragmentation and types intact).
 *
 * <p>Backpressure per direction: a frame is written to the other side and, when that side's write
 * queue is full, the reading side is paused until the writing side drains. Each socket's drain handler
 * is set once, before the first frame, so a drain can never slip between a write and its handler.
 *
 * <p>Pings are relayed (a client's keep-alive reaches the upstream and keeps the relay from going
 * idle); Vert.x already answers every ping on each hop, so pongs stop at the gateway. A close on one
 * side closes the other with the same code and reason; a side that vanished without a close frame
 * closes the other with 1001. The relay closes both sides with 1001 when no frame moved in either
 * direction for the idle timeout.
 */
final class WebSocketRelay {

  /** "Going away" (RFC 6455 §7.4.1): the other side vanished, or the relay was idle too long. */
  static final short GOING_AWAY = 1001;

  /** Codes a close frame must not carry (RFC 6455 §7.4.1): they mean "no code", "no close frame", "TLS failed". */
  private static final int NO_STATUS = 1005;
  private static final int ABNORMAL = 1006;
  private static final int TLS_FAILURE = 1015;

  private static final String SUBPROTOCOL = "Sec-WebSocket-Protocol";

  private final Vertx vertx;
  private final ServerWebSocket client;
  private final WebSocket upstream;
  private final long idleNanos;
  private final Promise<Void> closed = Promise.promise();
  private long lastFrame = System.nanoTime();
  private long idleTimer;

  private WebSocketRelay(Vertx vertx, ServerWebSocket client, WebSocket upstream, long idleMillis) {
    this.vertx = vertx;
    this.client = client;
    this.upstream = upstream;
    this.idleNanos = idleMillis * 1_000_000;
  }

  /** Whether {@code request} asks for a WebSocket (an HTTP/1.1 {@code Upgrade: websocket}). */
  static boolean isUpgrade(HttpServerRequest request) {
    return request.canUpgradeToWebSocket();
  }

  /**
   * The upstream's side of the handshake: the client's end-to-end headers (its own {@code Sec-WebSocket-*}
   * key, version and extensions belong to its handshake with the gateway) and its subprotocols.
   */
  static WebSocketConnectOptions connectOptions(String host, int port, boolean tls, String uri, MultiMap headers,
      long connectTimeoutMillis) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(host).setPort(port).setSsl(tls).setURI(uri).setConnectTimeout(connectTimeoutMillis);
    List<String> protocols = new ArrayList<>();
    headers.forEach((name, value) -> {
      if (name.equalsIgnoreCase(SUBPROTOCOL)) {
        for (String protocol : value.split(",")) {
          if (!protocol.isBlank()) {
            protocols.add(protocol.trim());
          }
        }
      } else if (!name.regionMatches(true, 0, "sec-websocket-", 0, 14)) {
        options.addHeader(name, value);
      }
    });
    if (!protocols.isEmpty()) {
      options.setSubProtocols(protocols);
    }
    return options;
  }

  /**
   * Opens the upstream WebSocket; the future fails when it could not be opened (the client's request
   * is then still unanswered). Otherwise the client's upgrade is accepted and the inner future
   * completes when both sides are closed.
   */
  static Future<Future<Void>> open(WebSocketClient webSockets, HttpServerRequest request,
      WebSocketConnectOptions options, long idleMillis) {
    // Called on the request's event loop; the relay's idle timer runs there too.
    Vertx vertx = Vertx.currentContext().owner();
    return webSockets.connect(options).compose(upstream -> {
      String protocol = upstream.subProtocol();
      if (protocol != null) {
        // Vert.x adds the response's headers to the 101 it sends; the client must see the upstream's choice.
        request.response().putHeader(SUBPROTOCOL, protocol);
      }
      return request.toWebSocket()
          .onFailure(failure -> upstream.close())
          .map(client -> new WebSocketRelay(vertx, client, upstream, idleMillis).start());
    });
  }

  private Future<Void> start() {
    relay(client, upstream);
    relay(upstream, client);
    client.closeHandler(v -> closeOther(upstream, client));
    upstream.closeHandler(v -> closeOther(client, upstream));
    // A broken connection also ends in its close handler; the exception itself is of no further use.
    client.exceptionHandler(failure -> {});
    upstream.exceptionHandler(failure -> {});
    if (idleNanos > 0) {
      idleTimer = vertx.setTimer(idleNanos / 1_000_000, id -> checkIdle());
    }
    return closed.future();
  }

  /** Frames from {@code from} to {@code to}; {@code from} pauses while {@code to}'s write queue is full. */
  private void relay(WebSocketBase from, WebSocketBase to) {
    to.drainHandler(v -> from.resume());
    from.frameHandler(frame -> {
      lastFrame = System.nanoTime();
      // A close frame is relayed by closeOther, with its code; a pong answers a ping this hop already answered.
      if (frame.isClose() || frame.type() == WebSocketFrameType.PONG || to.isClosed()) {
        return;
      }
      to.writeFrame(frame);
      if (to.writeQueueFull()) {
        from.pause();
      }
    });
  }

  /** {@code gone} closed: close {@code other} with the same code and reason, or 1001 when there was none. */
  private void closeOther(WebSocketBase other, WebSocketBase gone) {
    vertx.cancelTimer(idleTimer);
    if (!other.isClosed()) {
      Short code = gone.closeStatusCode();
      if (code == null || code == NO_STATUS || code == ABNORMAL || code == TLS_FAILURE) {
        other.close(GOING_AWAY, "peer went away");
      } else {
        other.close(code, gone.closeReason());
      }
    }
    closed.tryComplete();
  }

  /** Closes both sides when nothing moved for the idle timeout; otherwise waits out the rest of it. */
  private void checkIdle() {
    long silent = System.nanoTime() - lastFrame;
    if (silent < idleNanos) {
      idleTimer = vertx.setTimer(Math.max(1, (idleNanos - silent) / 1_000_000), id -> checkIdle());
      return;
    }
    if (!client.isClosed()) {
      client.close(GOING_AWAY, "idle timeout");
    }
    if (!upstream.isClosed()) {
      upstream.close(GOING_AWAY, "idle timeout");
    }
  }
}

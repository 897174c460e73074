package dev.portway.gateway.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One pooled upstream {@link HttpClient} per event loop, created on first use from that loop.
 *
 * <p>A Vert.x client pool hands any idle connection to any event loop, and a connection's events run
 * on the loop that opened it: with one client shared by every traffic loop, a request that arrived on
 * one loop was often sent on a connection of another, and each step of the exchange crossed threads
 * (an eventfd wake-up each: 0.25–0.29 eventfd {@code write(2)} per request with {@code strace} on two
 * cores, none with a client per loop; docs/performance.md, optimisation 10).
 * With a client per loop, an exchange stays on the loop its request arrived on, as the event-loop
 * model intends; each loop's pool is sized {@link Upstream#MAX_CONNECTIONS_PER_TARGET} per target.
 */
final class EventLoopClients {

  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions poolOptions;
  /** Keyed by event-loop thread: one thread runs one loop for the life of the Vert.x instance. */
  private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();
  /** For calls from outside an event loop (none on the request path) and from a loop first seen after shutdown. */
  private final HttpClient shared;
  private boolean shutDown;

  EventLoopClients(Vertx vertx, HttpClientOptions options, PoolOptions poolOptions) {
    this.vertx = vertx;
    this.options = options;
    this.poolOptions = poolOptions;
    this.shared = vertx.createHttpClient(options, poolOptions);
  }

  /** The calling event loop's client. */
  HttpClient current() {
    if (!Context.isOnEventLoopThread()) {
      return shared;
    }
    HttpClient client = byLoop.get(Thread.currentThread());
    return client != null ? client : create();
  }

  /** Once per event loop; none after {@link #shutdown}, so every client made is closed by it. */
  private synchronized HttpClient create() {
    if (shutDown) {
      return shared;
    }
    return byLoop.computeIfAbsent(Thread.currentThread(), loop -> vertx.createHttpClient(options, poolOptions));
  }

  /** Lets requests in flight finish for up to {@code graceMillis}, then closes every client's connections. */
  synchronized Future<Void> shutdown(long graceMillis) {
    shutDown = true;
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(shared.shutdown(graceMillis, TimeUnit.MILLISECONDS));
    byLoop.values().forEach(client -> closing.add(client.shutdown(graceMillis, TimeUnit.MILLISECONDS)));
    return Future.join(closing).mapEmpty();
  }
}

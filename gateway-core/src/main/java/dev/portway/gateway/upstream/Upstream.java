package dev.portway.gateway.upstream;

import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import dev.portway.gateway.health.CircuitBreaker;
import dev.portway.gateway.health.HealthCheck;
import dev.portway.gateway.health.OutlierDetection;
import dev.portway.gateway.retry.RetryBudget;
import dev.portway.gateway.tls.UpstreamTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One entry of {@code upstreams:} made live: its targets with their health, a {@link LoadBalancer} over
 * them, the retry budget, the active health check and pooled keep-alive {@link HttpClient}s (one per
 * event loop, {@link EventLoopClients}) shared by every route that points here.
 *
 * <p>A request's tries go through {@link #dispatch} and {@link #finished}, which keep the in-flight
 * counts (least-requests, retry budget) and feed outcomes to outlier detection and circuit breakers.
 */
public final class Upstream {

  /**
   * Connections per target and event loop pool. Generous because a proxy holds a connection for the
   * whole exchange; requests beyond it wait in the pool's queue rather than fail.
   */
  static final int MAX_CONNECTIONS_PER_TARGET = 256;

  /**
   * Largest piece of a response body the HTTP decoder hands on at once. Vert.x's default, 8 KiB, cut a
   * 16 KiB body read in one go into two pieces, each relayed and flushed to the client with a system call
   * of its own; with 64 KiB a read is relayed whole: 25 % less CPU per 16 KiB response (decision 1004).
   * The decoder slices the read buffer, so this allocates nothing more.
   */
  public static final int MAX_CHUNK_SIZE = 64 * 1024;

  private final UpstreamConfig config;
  private final List<Target> targets;
  private final LoadBalancer balancer;
  private final RetryBudget retryBudget;
  private final EventLoopClients clients;
  private final WebSocketClient webSockets;
  private final UpstreamMeters meters;
  private HealthCheck healthCheck;

  private Upstream(UpstreamConfig config, List<Target> targets, EventLoopClients clients, WebSocketClient webSockets,
      MeterRegistry registry) {
    this.config = config;
    this.targets = List.copyOf(targets);
    this.balancer = LoadBalancer.create(config, this.targets);
    this.retryBudget = new RetryBudget(config.retryBudget());
    this.clients = clients;
    this.webSockets = webSockets;
    this.meters = new UpstreamMeters(registry, this);
  }

  public static Upstream create(Vertx vertx, UpstreamConfig config, MeterRegistry registry) {
    List<Target> targets = new ArrayList<>();
    for (TargetConfig target : config.targets()) {
      targets.add(new Target(target,
          config.outlierDetection() == null ? null : new OutlierDetection(config.outlierDetection()),
          config.circuitBreaker() == null ? null : new CircuitBreaker(config.circuitBreaker())));
    }
    Upstream upstream = new Upstream(config, targets, new EventLoopClients(vertx, clientOptions(config), poolOptions()),
        vertx.createWebSocketClient(webSocketOptions(config)), registry);
    if (config.healthCheck() != null) {
      List<HealthCheck.Endpoint> endpoints = targets.stream()
          .map(t -> new HealthCheck.Endpoint(t.config().host(), t.config().port(), t.config().tls()))
          .toList();
      upstream.healthCheck = HealthCheck.start(vertx, clientOptions(config), config.healthCheck(), endpoints,
          (index, healthy) -> targets.get(index).checkedHealthy(healthy));
    }
    return upstream;
  }

  private static HttpClientOptions clientOptions(UpstreamConfig config) {
    TimeoutsConfig timeouts = config.timeouts();
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setMaxChunkSize(MAX_CHUNK_SIZE)
        // Bodies are relayed as they are; decompressing would break Content-Length and cost CPU.
        .setDecompressionSupported(false)
        .setConnectTimeout(Math.toIntExact(timeouts.connect().toMillis()))
        // Connection-level silence in either direction (also covers a slow upload), and evicts
        // pooled connections nobody used for that long.
        .setIdleTimeout(Math.toIntExact(timeouts.idle().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setKeepAliveTimeout(Math.toIntExact(Math.max(1, timeouts.idle().toSeconds())));
    UpstreamTls.apply(options, config.tls());
    if (config.protocol().equals("h2")) {
      // https targets negotiate h2 with ALPN; http targets speak h2c with prior knowledge (no Upgrade round trip).
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2ClearTextUpgrade(false)
          .setHttp2KeepAliveTimeout(Math.toIntExact(Math.max(1, timeouts.idle().toSeconds())));
    }
    return options;
  }

  /**
   * Proxied WebSockets, one connection each (they cannot be pooled). No idle timeout here: the relay's
   * own covers both sides, and a ping from the client keeps it open.
   */
  private static WebSocketClientOptions webSocketOptions(UpstreamConfig config) {
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setTcpNoDelay(true)
        .setConnectTimeout(Math.toIntExact(config.timeouts().connect().toMillis()))
        .setMaxConnections(Integer.MAX_VALUE);
    UpstreamTls.apply(options, config.tls());
    return options;
  }

  private static PoolOptions poolOptions() {
    return new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_TARGET);
  }

  public String name() {
    return config.name();
  }

  public UpstreamConfig config() {
    return config;
  }

  public List<Target> targets() {
    return targets;
  }

  /** The pooled keep-alive client of the calling event loop ({@link EventLoopClients}). */
  public HttpClient client() {
    return clients.current();
  }

  /** Opens proxied WebSockets to the targets. */
  public WebSocketClient webSockets() {
    return webSockets;
  }

  /**
   * Picks an available target for one try and counts it in flight; {@code null} when none is available.
   * {@code retry} when the try is a retry whose place in the budget was taken ({@link #tryRetry}).
   */
  public Target dispatch(HttpServerRequest request, boolean retry) {
    long now = System.nanoTime();
    Target target = balancer.pick(request, now);
    if (target == null) {
      if (retry) {
        retryBudget.cancelRetry();
      }
      meters.noTarget();
      return null;
    }
    target.dispatched(now);
    retryBudget.requestStarted();
    if (retry) {
      meters.retried();
    }
    return target;
  }

  /**
   * A try sent to {@code target} by {@link #dispatch} ended, with a response head ({@code failed} when it
   * is a 5xx) or without one ({@code failed}).
   */
  public void finished(Target target, boolean retry, boolean failed) {
    target.finished(failed, System.nanoTime());
    retryBudget.requestEnded(retry);
  }

  /** A try to {@code target} ended because the client went away: counted out, but no verdict on the target. */
  public void abandoned(Target target, boolean retry) {
    target.abandoned();
    retryBudget.requestEnded(retry);
  }

  /** Takes a place in the retry budget; {@code false} (and counted) when it is spent. */
  public boolean tryRetry() {
    if (retryBudget.tryRetry()) {
      return true;
    }
    meters.budgetExhausted();
    return false;
  }

  /** Lets requests in flight finish for up to {@code grace}, then closes every connection. */
  public Future<Void> shutdown(Duration grace) {
    if (healthCheck != null) {
      healthCheck.stop();
    }
    meters.remove();
    return Future.join(clients.shutdown(grace.toMillis()),
        webSockets.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS)).mapEmpty();
  }
}

package dev.portway.gateway.upstream;

import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One entry of {@code upstreams:} made live: its targets behind a {@link LoadBalancer} and one pooled
 * keep-alive {@link HttpClient} shared by every route that points here.
 */
public final class Upstream {

  /**
   * Connections per target and event loop pool. Generous because a proxy holds a connection for the
   * whole exchange; requests beyond it wait in the pool's queue rather than fail.
   */
  static final int MAX_CONNECTIONS_PER_TARGET = 256;

  private final UpstreamConfig config;
  private final LoadBalancer balancer;
  private final HttpClient client;

  private Upstream(UpstreamConfig config, LoadBalancer balancer, HttpClient client) {
    this.config = config;
    this.balancer = balancer;
    this.client = client;
  }

  public static Upstream create(Vertx vertx, UpstreamConfig config) {
    TimeoutsConfig timeouts = config.timeouts();
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        // Bodies are relayed as they are; decompressing would break Content-Length and cost CPU.
        .setDecompressionSupported(false)
        .setConnectTimeout(Math.toIntExact(timeouts.connect().toMillis()))
        // Connection-level silence in either direction (also covers a slow upload), and evicts
        // pooled connections nobody used for that long.
        .setIdleTimeout(Math.toIntExact(timeouts.idle().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setKeepAliveTimeout(Math.toIntExact(Math.max(1, timeouts.idle().toSeconds())));
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_TARGET);
    HttpClient client = vertx.createHttpClient(options, pool);
    return new Upstream(config, LoadBalancer.create(config.loadBalancer(), config.targets()), client);
  }

  public String name() {
    return config.name();
  }

  public UpstreamConfig config() {
    return config;
  }

  public LoadBalancer balancer() {
    return balancer;
  }

  public HttpClient client() {
    return client;
  }

  /** Lets requests in flight finish for up to {@code grace}, then closes every connection. */
  public Future<Void> shutdown(Duration grace) {
    return client.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }
}

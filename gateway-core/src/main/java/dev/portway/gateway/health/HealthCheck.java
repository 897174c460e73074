package dev.portway.gateway.health;

import dev.portway.gateway.config.HealthCheckConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * {@code healthCheck:} of an upstream: a periodic timer sends {@code GET path} to each target and feeds
 * the verdicts to a {@link Listener} once a target passed {@code healthyThreshold} or failed
 * {@code unhealthyThreshold} checks in a row. Every callback runs on the timer's event loop, so the
 * per-target counters need no synchronisation. A target whose previous check is still running is
 * skipped in that round rather than checked twice at once.
 *
 * <p>Checks go through a client of their own that opens a new connection for each check: through the
 * traffic's pool a check queued behind the requests under load (up to its timeout, twice before a
 * verdict) and could ride a kept-alive connection to a target that no longer accepts new ones, so a
 * dead target kept drawing requests for seconds after it stopped answering.
 */
public final class HealthCheck {

  /** Where verdicts go; {@code index} is the target's position in the list given to {@link #start}. */
  public interface Listener {
    void verdict(int index, boolean healthy);
  }

  /** Host and port of one target as the checker needs them. */
  public record Endpoint(String host, int port, boolean tls) {}

  private final Vertx vertx;
  private final HttpClient client;
  private final HealthCheckConfig config;
  private final List<Endpoint> endpoints;
  private final Listener listener;
  private final int[] passes;
  private final int[] failures;
  private final boolean[] running;
  private final boolean[] healthy;
  private long timer;

  private HealthCheck(Vertx vertx, HttpClient client, HealthCheckConfig config, List<Endpoint> endpoints,
      Listener listener) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.endpoints = List.copyOf(endpoints);
    this.listener = listener;
    int n = endpoints.size();
    this.passes = new int[n];
    this.failures = new int[n];
    this.running = new boolean[n];
    this.healthy = new boolean[n];
    java.util.Arrays.fill(healthy, true);
  }

  /**
   * Starts checking at once and then every {@code interval}, connecting as {@code options} say (TLS,
   * protocol) but never keeping a connection alive.
   */
  public static HealthCheck start(Vertx vertx, HttpClientOptions options, HealthCheckConfig config,
      List<Endpoint> endpoints, Listener listener) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(options).setKeepAlive(false));
    HealthCheck check = new HealthCheck(vertx, client, config, endpoints, listener);
    check.timer = vertx.setPeriodic(0, config.interval().toMillis(), id -> check.round());
    return check;
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return client.close();
  }

  private void round() {
    for (int i = 0; i < endpoints.size(); i++) {
      if (!running[i]) {
        check(i);
      }
    }
  }

  private void check(int index) {
    running[index] = true;
    Endpoint endpoint = endpoints.get(index);
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(endpoint.host())
        .setPort(endpoint.port())
        .setSsl(endpoint.tls())
        .setURI(config.path())
        .setConnectTimeout(config.timeout().toMillis())
        .setIdleTimeout(config.timeout().toMillis());
    client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response))
        .map(HttpClientResponse::statusCode)
        .onComplete(done -> {
          running[index] = false;
          boolean passed = done.succeeded() && done.result() >= 200 && done.result() < 300;
          record(index, passed);
        });
  }

  private void record(int index, boolean passed) {
    if (passed) {
      failures[index] = 0;
      passes[index]++;
      if (!healthy[index] && passes[index] >= config.healthyThreshold()) {
        healthy[index] = true;
        listener.verdict(index, true);
      }
    } else {
      passes[index] = 0;
      failures[index]++;
      if (healthy[index] && failures[index] >= config.unhealthyThreshold()) {
        healthy[index] = false;
        listener.verdict(index, false);
      }
    }
  }
}

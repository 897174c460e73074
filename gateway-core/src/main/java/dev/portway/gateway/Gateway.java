package dev.portway.gateway;

import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A running gateway: the traffic listener with its proxy, the admin listener and, when configured, the
 * built-in echo upstream.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
 * Vertx vertx = MetricsSetup.vertx(registry);          // Vert.x's own meters in the same registry
 * Gateway gateway = Gateway.start(vertx, config, registry).await();
 * gateway.apply(newConfig);                            // new routes and upstreams, same listeners
 * gateway.shutdown(config.drainTimeout());             // not ready, stop accepting, drain, close
 * }</pre>
 */
public interface Gateway {

  /** Starts a gateway whose meters go to a registry of its own. */
  static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, MetricsSetup.newRegistry());
  }

  /** Starts a gateway; the future fails if a listener cannot bind, and then nothing is left running. */
  static Future<Gateway> start(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    return GatewayImpl.start(vertx, config, registry);
  }

  /** The config in force. */
  GatewayConfig config();

  /** The bound traffic port (the configured one, or the one picked for port 0). */
  int port();

  /** The bound admin port. */
  int adminPort();

  /** The bound echo server port, or -1 when no echo server is configured. */
  int echoPort();

  /** True once every listener is bound, false again when draining starts. */
  boolean ready();

  PrometheusMeterRegistry registry();

  /**
   * Swaps in the routes and upstreams of {@code config}: new requests use them at once, requests in
   * flight finish on the old upstream clients, which then close. Listener, admin, echo and access-log
   * settings need a restart.
   */
  Future<Void> apply(GatewayConfig config);

  /**
   * Reloads the config from its source file ({@link GatewayConfig#source()}) and applies it; an invalid
   * file changes nothing (see {@link dev.portway.gateway.reload.ConfigReloader}). {@code trigger} names
   * the cause in the log: {@code file}, {@code signal}, {@code admin}.
   */
  Future<GatewayConfig> reload(String trigger);

  /**
   * Graceful stop: readiness goes false, the traffic listener stops accepting, requests in flight get up
   * to {@code drain} to finish, then every listener and upstream client closes.
   */
  Future<Void> shutdown(Duration drain);
}

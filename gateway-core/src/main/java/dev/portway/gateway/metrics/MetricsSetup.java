package dev.portway.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Vert.x instance whose own metrics (HTTP connections, pools, event bus, JVM) land in a Prometheus
 * registry through vertx-micrometer-metrics, the same registry that takes Portway's meters. Its
 * per-request HTTP meters are left out ({@link ConnectionLevelVertxMetrics}): Portway's own count every
 * request for less.
 */
public final class MetricsSetup {

  /** Vert.x keeps registries in a static map by name; one name per instance keeps tests apart. */
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private MetricsSetup() {}

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** A Vert.x instance reporting into {@code registry}. */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("portway-" + INSTANCES.incrementAndGet())
        // local="host:port" tells the traffic, admin and echo listeners apart in vertx_http_server_*.
        .addLabels(Label.LOCAL)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return Vertx.builder()
        // epoll when gateway-server put netty-transport-native-epoll on the class path (Linux x86_64 and
        // aarch64), else NIO: fewer syscalls and copies per request (docs/performance.md).
        .with(new VertxOptions().setMetricsOptions(metrics).setPreferNativeTransport(true))
        .withMetrics(ConnectionLevelVertxMetrics.factory(new MicrometerMetricsFactory(registry)))
        .build();
  }
}

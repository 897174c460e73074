package dev.portway.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Vert.x instance whose own metrics (HTTP connections, pools, event bus) land in a Prometheus
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

  /**
   * Binds the JVM's meters (memory, GC, threads, classes, JIT, CPU, uptime) to {@code registry}: the set
   * vertx-micrometer-metrics binds when its JVM metrics are enabled. The gateway binds them once it serves,
   * not when Vert.x starts: they load some 200 classes, which delayed the first request by about 70 ms
   * (decision 1009). Closing the result removes the GC notification listeners.
   */
  public static AutoCloseable bindJvmMetrics(MeterRegistry registry) {
    List<MeterBinder> binders = List.of(new ClassLoaderMetrics(), new JvmCompilationMetrics(), new JvmGcMetrics(),
        new JvmHeapPressureMetrics(), new JvmInfoMetrics(), new JvmMemoryMetrics(), new JvmThreadMetrics(),
        new ProcessorMetrics(), new UptimeMetrics());
    binders.forEach(binder -> binder.bindTo(registry));
    return () -> {
      for (MeterBinder binder : binders) {
        if (binder instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    };
  }

  /** A Vert.x instance reporting into {@code registry}. */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        // The JVM's meters come from bindJvmMetrics once the gateway serves.
        .setJvmMetricsEnabled(false)
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

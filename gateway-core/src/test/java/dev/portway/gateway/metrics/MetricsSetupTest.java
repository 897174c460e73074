package dev.portway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** Vert.x reports into the registry; the JVM's meters come separately, once the gateway serves. */
class MetricsSetupTest {

  /** The JVM meters docs/metrics.md promises, one per binder. */
  static final String[] JVM_METERS = {
      "jvm_classes_loaded_classes", "jvm_compilation_time_ms_total", "jvm_gc_memory_allocated_bytes_total",
      "jvm_gc_overhead", "jvm_info", "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
      "process_uptime_seconds"};

  @Test
  void bindJvmMetricsAddsTheJvmMetersThatVertxNoLongerBinds() throws Exception {
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    Vertx vertx = MetricsSetup.vertx(registry);
    try {
      assertThat(registry.scrape()).as("Vert.x alone").doesNotContain(JVM_METERS);

      try (AutoCloseable jvm = MetricsSetup.bindJvmMetrics(registry)) {
        assertThat(registry.scrape()).contains(JVM_METERS);
      }
    } finally {
      vertx.close().await();
    }
  }
}

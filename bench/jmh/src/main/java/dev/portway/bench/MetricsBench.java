package dev.portway.bench;

import dev.portway.gateway.metrics.GatewayMetrics;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Portway's own meters for one finished exchange (route meters + upstream meters). */
public class MetricsBench extends NanosecondBench {

  private GatewayMetrics metrics;
  private StubExchange exchange;

  @Setup
  public void setup() {
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    metrics = new GatewayMetrics(registry);
    exchange = new StubExchange();
    metrics.onComplete(exchange);
  }

  @Benchmark
  public void gatewayMetricsOnComplete() {
    metrics.onComplete(exchange);
  }
}

package dev.portway.bench;

import dev.portway.gateway.metrics.GatewayMetrics;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Portway's own meters for one finished exchange (route meters + upstream meters). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MetricsBench {

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

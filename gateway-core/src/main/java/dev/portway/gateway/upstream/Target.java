package dev.portway.gateway.upstream;

import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.health.CircuitBreaker;
import dev.portway.gateway.health.OutlierDetection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One target of an upstream with its live state: requests in flight (for {@code least-requests}), the
 * verdict of the active health check, passive ejection and the circuit breaker. A target is
 * <em>available</em> when all three let it take a request; balancers only pick available targets.
 */
public final class Target {

  private final TargetConfig config;
  /** Made once: it labels every request's metrics and access-log line. */
  private final String authority;
  private final OutlierDetection outlierDetection;
  private final CircuitBreaker circuitBreaker;
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder ejections = new LongAdder();
  /** Active checks start optimistic, so a fresh gateway serves before the first round of checks ends. */
  private volatile boolean checkedHealthy = true;

  Target(TargetConfig config, OutlierDetection outlierDetection, CircuitBreaker circuitBreaker) {
    this.config = config;
    this.authority = config.authority();
    this.outlierDetection = outlierDetection;
    this.circuitBreaker = circuitBreaker;
  }

  public TargetConfig config() {
    return config;
  }

  public String authority() {
    return authority;
  }

  public int weight() {
    return config.weight();
  }

  /** Requests sent to this target and not yet answered. */
  public int active() {
    return active.get();
  }

  /** Whether the balancer may pick this target at {@code now} (nanoTime). */
  public boolean available(long now) {
    return healthy(now) && (circuitBreaker == null || circuitBreaker.allows(now));
  }

  /** Passes active checks and is not ejected; the breaker is reported apart ({@link #circuitState()}). */
  public boolean healthy(long now) {
    return checkedHealthy && (outlierDetection == null || !outlierDetection.ejected(now));
  }

  public boolean checkedHealthy() {
    return checkedHealthy;
  }

  public boolean ejected(long now) {
    return outlierDetection != null && outlierDetection.ejected(now);
  }

  /** Breaker state, or {@code null} when the upstream has no {@code circuitBreaker}. */
  public CircuitBreaker.State circuitState() {
    return circuitBreaker == null ? null : circuitBreaker.state();
  }

  /** Times this target was ejected by outlier detection. */
  public long ejections() {
    return ejections.sum();
  }

  void checkedHealthy(boolean healthy) {
    this.checkedHealthy = healthy;
  }

  void dispatched(long now) {
    active.incrementAndGet();
    if (circuitBreaker != null) {
      circuitBreaker.dispatched(now);
    }
  }

  void abandoned() {
    active.decrementAndGet();
  }

  /**
   * A request to this target ended: with a response head ({@code failed} when 5xx) or without one
   * (connect failure, reset, timeout: always {@code failed}).
   */
  void finished(boolean failed, long now) {
    active.decrementAndGet();
    if (outlierDetection != null && outlierDetection.record(failed, now)) {
      ejections.increment();
    }
    if (circuitBreaker != null) {
      circuitBreaker.record(failed, now);
    }
  }
}

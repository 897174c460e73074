package dev.portway.gateway.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The meters of one upstream (docs/metrics.md): per-target health, circuit state, requests in flight
 * and ejections, and per-upstream retry counters. A reload builds new upstreams with the same meter ids
 * while the old ones drain, so each new gauge replaces the registered one, and an old upstream removes
 * only the meters that are still its own.
 */
final class UpstreamMeters {

  static final String TARGET_HEALTHY = "portway.upstream.target.healthy";
  static final String TARGET_CIRCUIT_STATE = "portway.upstream.target.circuit.state";
  static final String TARGET_ACTIVE = "portway.upstream.target.active";
  static final String TARGET_EJECTIONS = "portway.upstream.target.ejections";
  static final String RETRIES = "portway.upstream.retries";
  static final String RETRY_BUDGET_EXHAUSTED = "portway.upstream.retry.budget.exhausted";
  static final String NO_TARGET = "portway.upstream.no.target";

  private final MeterRegistry registry;
  private final List<Meter> owned = new ArrayList<>();
  private final Counter retries;
  private final Counter budgetExhausted;
  private final Counter noTarget;

  UpstreamMeters(MeterRegistry registry, Upstream upstream) {
    this.registry = registry;
    String name = upstream.name();
    for (Target target : upstream.targets()) {
      String[] tags = {"upstream", name, "target", target.authority()};
      own(Gauge.builder(TARGET_HEALTHY, target, t -> t.healthy(System.nanoTime()) ? 1 : 0).tags(tags)
          .description("1 when the target passes active checks and is not ejected, else 0")::register);
      own(Gauge.builder(TARGET_ACTIVE, target, Target::active).tags(tags)
          .description("Requests sent to the target and not yet answered")::register);
      own(FunctionCounter.builder(TARGET_EJECTIONS, target, Target::ejections).tags(tags)
          .description("Times outlier detection ejected the target")::register);
      if (target.circuitState() != null) {
        own(Gauge.builder(TARGET_CIRCUIT_STATE, target, t -> t.circuitState().gaugeValue()).tags(tags)
            .description("Circuit breaker state: 0 closed, 1 open, 2 half-open")::register);
      }
    }
    retries = Counter.builder(RETRIES).tag("upstream", name).description("Retries sent to the upstream")
        .register(registry);
    budgetExhausted = Counter.builder(RETRY_BUDGET_EXHAUSTED).tag("upstream", name)
        .description("Retries not sent because the retry budget was spent").register(registry);
    noTarget = Counter.builder(NO_TARGET).tag("upstream", name)
        .description("Requests answered 503 because no target was available").register(registry);
  }

  /** Registers a meter as this upstream's, replacing one a previous config's upstream registered under its id. */
  private void own(Function<MeterRegistry, Meter> register) {
    registry.remove(register.apply(registry));
    owned.add(register.apply(registry));
  }

  void retried() {
    retries.increment();
  }

  void budgetExhausted() {
    budgetExhausted.increment();
  }

  void noTarget() {
    noTarget.increment();
  }

  /** Removes this upstream's gauges unless a newer upstream replaced them already. */
  void remove() {
    for (Meter meter : owned) {
      // Meters are equal by id; only the very instance we registered is ours to remove.
      if (registry.find(meter.getId().getName()).tags(meter.getId().getTags()).meters().stream()
          .anyMatch(registered -> registered == meter)) {
        registry.remove(meter);
      }
    }
  }
}

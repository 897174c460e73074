package dev.portway.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code portway.auth.failures{route, scheme, reason}}: why requests were refused, which the client is
 * never told in detail. Counters are registered on first use of a reason.
 */
public final class AuthFailures {

  public static final String METER = "portway.auth.failures";

  private final MeterRegistry registry;
  private final String route;
  private final String scheme;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public AuthFailures(MeterRegistry registry, String route, String scheme) {
    this.registry = registry;
    this.route = route;
    this.scheme = scheme;
  }

  public void count(String reason) {
    counters.computeIfAbsent(reason, r -> Counter.builder(METER)
        .description("Requests refused by an authentication policy, by reason")
        .tags("route", route, "scheme", scheme, "reason", r)
        .register(registry)).increment();
  }
}

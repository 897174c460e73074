package dev.portway.gateway.metrics;

import dev.portway.gateway.proxy.ExchangeListener;
import dev.portway.gateway.proxy.ProxyExchange;
import dev.portway.gateway.proxy.ProxyExchange.UpstreamOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Portway's own meters (see docs/metrics.md). Meters are looked up once per route, method and status
 * class and then cached, so recording a request costs one map read and two atomic adds.
 */
public final class GatewayMetrics implements ExchangeListener {

  public static final String REQUESTS = "portway.requests";
  public static final String REQUEST_DURATION = "portway.request.duration";
  public static final String UPSTREAM_REQUESTS = "portway.upstream.requests";
  public static final String UPSTREAM_REQUEST_DURATION = "portway.upstream.request.duration";

  /** The {@code route} label of requests no route took. */
  public static final String NO_ROUTE = "";

  /** Methods that get their own label value; any other is counted as {@code OTHER}, so clients cannot add series. */
  private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.CONNECT);
  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30)};

  private final MeterRegistry registry;
  private final ConcurrentMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, UpstreamMeters> upstreams = new ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onComplete(ProxyExchange exchange) {
    long elapsed = System.nanoTime() - exchange.startNanos();
    String route = exchange.routeId() == null ? NO_ROUTE : exchange.routeId();
    routes.computeIfAbsent(route, RouteMeters::new).record(exchange.method(), exchange.statusCode(), elapsed);
    if (exchange.upstreamOutcome() != UpstreamOutcome.NONE) {
      upstreams.computeIfAbsent(exchange.upstreamName(), UpstreamMeters::new)
          .record(exchange.upstreamOutcome(), exchange.upstreamDurationNanos());
    }
  }

  private static int statusClass(int status) {
    int index = status / 100 - 1;
    return index < 0 || index >= STATUS_CLASSES.length ? STATUS_CLASSES.length - 1 : index;
  }

  private Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** The request meters of one route: one counter and one timer per method and status class. */
  private final class RouteMeters {
    private final String route;
    private final AtomicReferenceArray<Counter> counters;
    private final AtomicReferenceArray<Timer> timers;

    RouteMeters(String route) {
      this.route = route;
      int size = (METHODS.size() + 1) * STATUS_CLASSES.length;
      this.counters = new AtomicReferenceArray<>(size);
      this.timers = new AtomicReferenceArray<>(size);
    }

    void record(HttpMethod method, int status, long nanos) {
      int methodIndex = METHODS.indexOf(method);
      if (methodIndex < 0) {
        methodIndex = METHODS.size();
      }
      int statusIndex = statusClass(status);
      int slot = methodIndex * STATUS_CLASSES.length + statusIndex;
      Counter counter = counters.get(slot);
      Timer timer = timers.get(slot);
      if (counter == null) {
        // Registering twice from two event loops is harmless: the registry returns the same meter.
        String methodLabel = methodIndex < METHODS.size() ? METHODS.get(methodIndex).name() : "OTHER";
        String[] tags = {"route", route, "method", methodLabel, "status_class", STATUS_CLASSES[statusIndex]};
        counter = Counter.builder(REQUESTS).description("Requests handled by the gateway").tags(tags).register(registry);
        timer = timer(REQUEST_DURATION, "Time from request received to response sent", tags);
        timers.set(slot, timer);
        counters.set(slot, counter);
      }
      counter.increment();
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The meters of one upstream, one counter and timer per outcome. */
  private final class UpstreamMeters {
    private final Counter[] counters;
    private final Timer[] timers;

    UpstreamMeters(String upstream) {
      UpstreamOutcome[] outcomes = UpstreamOutcome.values();
      counters = new Counter[outcomes.length];
      timers = new Timer[outcomes.length];
      for (UpstreamOutcome outcome : outcomes) {
        String[] tags = {"upstream", upstream, "outcome", outcome.label()};
        counters[outcome.ordinal()] = Counter.builder(UPSTREAM_REQUESTS)
            .description("Requests sent to upstreams").tags(tags).register(registry);
        timers[outcome.ordinal()] = timer(UPSTREAM_REQUEST_DURATION,
            "Time from upstream request start to its last response byte or failure", tags);
      }
    }

    void record(UpstreamOutcome outcome, long nanos) {
      counters[outcome.ordinal()].increment();
      timers[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}

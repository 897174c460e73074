package dev.portway.gateway.ratelimit;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portway.gateway.auth.ApiKey;
import dev.portway.gateway.auth.Jwt;
import dev.portway.gateway.config.RateLimitConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange;
import dev.portway.gateway.security.CallerContext;
import dev.portway.gateway.security.ClientAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code rateLimit:} one token from the bucket of the request's key ({@code ip}, {@code consumer},
 * {@code claim:<name>}, {@code header:<name>}), or 429 with {@code Retry-After}. Every answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the
 * bucket is full). Requests without the key value (no such header) share one bucket. With
 * {@code redis:} the buckets are shared by every gateway using that Redis; when Redis does not answer
 * in time, {@code failOpen} lets the request through or answers 503 (docs/decisions/0803-*).
 */
public final class RateLimit implements Policy {

  public static final String REDIS_ERRORS = "portway.ratelimit.redis.errors";
  public static final String LIMITED = "portway.ratelimit.limited";

  private static final ProxyException UNAVAILABLE =
      new ProxyException(503, "rate_limit_unavailable", "the rate limit cannot be checked now");

  private final RateLimitConfig config;
  private final Buckets buckets;
  private final Function<ProxyExchange, String> key;
  private final Counter redisErrors;
  private final Counter limited;

  RateLimit(RateLimitConfig config, Buckets buckets, MeterRegistry registry, String route) {
    this.config = config;
    this.buckets = buckets;
    this.key = keyOf(config.key());
    this.redisErrors = Counter.builder(REDIS_ERRORS).description("Rate-limit checks Redis did not answer in time")
        .tag("route", route).register(registry);
    this.limited = Counter.builder(LIMITED).description("Requests refused with 429 by a rate limit")
        .tag("route", route).register(registry);
  }

  /** The policy of {@code route}: buckets in Redis when configured, else in memory on {@code nanoClock}. */
  public static RateLimit create(Vertx vertx, String route, RateLimitConfig config, MeterRegistry registry,
      LongSupplier nanoClock) {
    double perMilli = config.limit() / (double) config.period().toMillis();
    Buckets buckets = config.redis() == null
        ? new LocalBuckets(config.burst(), perMilli / 1_000_000, nanoClock)
        : new RedisBuckets(RedisClients.of(vertx, config.redis().url()), "portway:ratelimit:" + route + ":",
            config.burst(), perMilli, config.redis().timeout());
    return new RateLimit(config, buckets, registry, route);
  }

  private static Function<ProxyExchange, String> keyOf(String key) {
    if (key.equals("consumer")) {
      return exchange -> (String) exchange.attributes().get(ApiKey.CONSUMER);
    }
    if (key.startsWith("claim:")) {
      String claim = key.substring("claim:".length());
      return exchange -> {
        JWTClaimsSet claims = (JWTClaimsSet) exchange.attributes().get(Jwt.CLAIMS);
        Object value = claims == null ? null : claims.getClaim(claim);
        return value == null ? null : String.valueOf(value);
      };
    }
    if (key.startsWith("header:")) {
      String header = key.substring("header:".length());
      return exchange -> exchange.request().getHeader(header);
    }
    return ClientAddress::of;
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    String value = key.apply(exchange);
    return CallerContext.resume(buckets.take(value == null ? "" : value)).transform(answer -> {
      if (answer.failed()) {
        redisErrors.increment();
        return config.redis().failOpen() ? Future.succeededFuture() : Future.failedFuture(UNAVAILABLE);
      }
      Decision decision = answer.result();
      if (decision.allowed()) {
        headers(decision).forEach(exchange.responseHeaders()::set);
        return Future.succeededFuture();
      }
      limited.increment();
      Map<String, String> headers = headers(decision);
      headers.put("Retry-After", Long.toString(seconds(decision.retryMillis())));
      return Future.failedFuture(new ProxyException(429, "too_many_requests", "rate limit exceeded", headers));
    });
  }

  private Map<String, String> headers(Decision decision) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("RateLimit-Limit", Integer.toString(config.burst()));
    headers.put("RateLimit-Remaining", Long.toString(decision.remaining()));
    headers.put("RateLimit-Reset", Long.toString(seconds(decision.resetMillis())));
    return headers;
  }

  /** Whole seconds, rounded up: a client told 0 would retry at once. */
  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}

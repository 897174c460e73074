package dev.portway.gateway.config;

import java.time.Duration;

/**
 * {@code rateLimit:} on a route: a token bucket per key holding {@code burst} tokens, refilled with
 * {@code limit} tokens per {@code period}.
 *
 * @param limit  tokens added per period
 * @param period the refill period
 * @param burst  bucket size (defaults to {@code limit})
 * @param key    {@code ip}, {@code consumer}, {@code claim:<name>} or {@code header:<name>}
 * @param redis  shared buckets on Redis, or {@code null} for buckets local to this gateway
 */
public record RateLimitConfig(int limit, Duration period, int burst, String key, Redis redis) {

  /**
   * {@code rateLimit.redis:} where the shared buckets live.
   *
   * @param url      {@code redis://host:port[/db]}
   * @param failOpen when Redis cannot answer within {@code timeout}: let the request through (true) or
   *                 answer 503 (false)
   * @param timeout  longest wait for Redis before {@code failOpen} decides
   */
  public record Redis(String url, boolean failOpen, Duration timeout) {}
}

package dev.portway.gateway.ratelimit;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this gateway's memory: {@code capacity} tokens, refilled continuously at
 * {@code perNano} tokens a nanosecond, read from an injected clock. Each bucket is locked on its own;
 * the traffic servers of several event loops share them.
 */
final class LocalBuckets implements Buckets {

  /** Past this many keys, buckets that have refilled completely (nobody used them lately) are dropped. */
  static final int PRUNE_ABOVE = 100_000;

  private final double capacity;
  private final double perNano;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  LocalBuckets(int capacity, double perNano, LongSupplier nanoClock) {
    this.capacity = capacity;
    this.perNano = perNano;
    this.nanoClock = nanoClock;
  }

  @Override
  public Future<Decision> take(String key) {
    long now = nanoClock.getAsLong();
    if (buckets.size() > PRUNE_ABOVE) {
      buckets.values().removeIf(bucket -> bucket.fullAt(now));
    }
    return Future.succeededFuture(buckets.computeIfAbsent(key, k -> new Bucket(now)).take(now));
  }

  private final class Bucket {
    private double tokens = capacity;
    private long updated;

    Bucket(long now) {
      this.updated = now;
    }

    synchronized Decision take(long now) {
      tokens = Math.min(capacity, tokens + (now - updated) * perNano);
      updated = now;
      boolean allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
      }
      long retryNanos = allowed ? 0 : (long) Math.ceil((1 - tokens) / perNano);
      long resetNanos = (long) Math.ceil((capacity - tokens) / perNano);
      return new Decision(allowed, (long) Math.floor(tokens), retryNanos / 1_000_000, resetNanos / 1_000_000);
    }

    synchronized boolean fullAt(long now) {
      return tokens + (now - updated) * perNano >= capacity;
    }
  }
}

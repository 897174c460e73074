package dev.portway.gateway.health;

import dev.portway.gateway.config.OutlierDetectionConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code outlierDetection:} for one target (passive health): {@code consecutiveFailures} failed requests
 * in a row eject it for {@code ejectionTime}; an ejection that follows the previous one without a
 * success in between lasts twice as long, up to {@code maxEjectionTime}. Thread-safe; a success costs one
 * volatile read while nothing failed.
 */
public final class OutlierDetection {

  private final int threshold;
  private final long baseNanos;
  private final long maxNanos;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicInteger ejections = new AtomicInteger();
  private volatile boolean ejected;
  private volatile long ejectedUntil;

  public OutlierDetection(OutlierDetectionConfig config) {
    this.threshold = config.consecutiveFailures();
    this.baseNanos = config.ejectionTime().toNanos();
    this.maxNanos = config.maxEjectionTime().toNanos();
  }

  /** Whether the target is ejected at {@code now} (nanoTime). */
  public boolean ejected(long now) {
    return ejected && now - ejectedUntil < 0;
  }

  /** How many times the target was ejected since its last success; 0 when it is in good standing. */
  public int ejections() {
    return ejections.get();
  }

  /** Records how a request ended; returns {@code true} when this failure ejected the target. */
  public boolean record(boolean failed, long now) {
    if (!failed) {
      if (consecutiveFailures.get() != 0) {
        consecutiveFailures.set(0);
      }
      if (ejections.get() != 0 && !ejected(now)) {
        ejections.set(0);
      }
      return false;
    }
    if (consecutiveFailures.incrementAndGet() < threshold || ejected(now)) {
      return false;
    }
    synchronized (this) {
      if (ejected(now)) {
        return false;
      }
      int previous = Math.min(ejections.getAndIncrement(), 30);
      long duration = Math.min(maxNanos, baseNanos << previous);
      ejectedUntil = now + (duration < 0 ? maxNanos : duration);
      ejected = true;
      consecutiveFailures.set(0);
      return true;
    }
  }
}

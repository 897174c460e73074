package dev.portway.gateway.retry;

import dev.portway.gateway.config.RetryBudgetConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code retryBudget:} of an upstream (Envoy's retry budget): a retry may start only while the retries
 * in flight stay within {@code ratio} of all requests in flight to the upstream, or below
 * {@code minRetries}. When an upstream fails everything, retries can therefore add at most that share
 * to its load instead of multiplying it by the attempt count.
 */
public final class RetryBudget {

  private final double ratio;
  private final int minRetries;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();

  public RetryBudget(RetryBudgetConfig config) {
    this.ratio = config.ratio();
    this.minRetries = config.minRetries();
  }

  /** A request (first try or retry) to the upstream started. */
  public void requestStarted() {
    requests.incrementAndGet();
  }

  /** A request ended; {@code retry} when it was one that {@link #tryRetry()} let through. */
  public void requestEnded(boolean retry) {
    requests.decrementAndGet();
    if (retry) {
      retries.decrementAndGet();
    }
  }

  /** Takes a place for one retry, or answers {@code false} when the budget is spent. */
  public boolean tryRetry() {
    while (true) {
      int current = retries.get();
      if (current >= Math.max(minRetries, (int) (ratio * requests.get()))) {
        return false;
      }
      if (retries.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Gives back a place taken by {@link #tryRetry()} whose retry was never sent. */
  public void cancelRetry() {
    retries.decrementAndGet();
  }

  public int retriesInFlight() {
    return retries.get();
  }
}

package dev.portway.gateway.health;

import dev.portway.gateway.config.CircuitBreakerConfig;

/**
 * {@code circuitBreaker:} for one target. Closed, it counts outcomes: {@code consecutiveFailures} in a
 * row, or an error rate of at least {@code errorRate} over the last {@code window} requests, opens it.
 * Open, the target is skipped by the balancer for {@code openFor}; then the breaker is half-open and
 * lets {@code halfOpenRequests} probes through: all succeed → closed, one fails → open again.
 *
 * <p>Shared by every event loop. The closed state is read without a lock (one volatile read per pick);
 * recording an outcome takes this object's monitor for a few field updates.
 */
public final class CircuitBreaker {

  /** Breaker states; {@link #gaugeValue()} is the metric value. */
  public enum State {
    CLOSED, OPEN, HALF_OPEN;

    public int gaugeValue() {
      return ordinal();
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final CircuitBreakerConfig config;
  private final long openForNanos;
  /** The last {@code window} outcomes, {@code true} = failure, as a ring. */
  private final boolean[] window;
  private int windowNext;
  private int windowSize;
  private int windowFailures;
  private int consecutiveFailures;
  private volatile State state = State.CLOSED;
  private long openUntil;
  private int probesSent;
  private int probesSucceeded;

  public CircuitBreaker(CircuitBreakerConfig config) {
    this.config = config;
    this.openForNanos = config.openFor().toNanos();
    this.window = new boolean[config.window()];
  }

  public State state() {
    return state;
  }

  /** Whether a request may be sent to the target at {@code now} (nanoTime); takes no permit. */
  public boolean allows(long now) {
    State current = state;
    if (current == State.CLOSED) {
      return true;
    }
    synchronized (this) {
      return switch (state) {
        case CLOSED -> true;
        case OPEN -> now - openUntil >= 0;
        case HALF_OPEN -> probesSent < config.halfOpenRequests();
      };
    }
  }

  /** The balancer chose the target for a request: an expired open breaker turns half-open, and probes are counted. */
  public void dispatched(long now) {
    if (state == State.CLOSED) {
      return;
    }
    synchronized (this) {
      if (state == State.OPEN && now - openUntil >= 0) {
        state = State.HALF_OPEN;
        probesSent = 0;
        probesSucceeded = 0;
      }
      if (state == State.HALF_OPEN) {
        probesSent++;
      }
    }
  }

  /** Records how a request to the target ended. */
  public synchronized void record(boolean failed, long now) {
    switch (state) {
      case CLOSED -> {
        consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
        if (window[windowNext]) {
          windowFailures--;
        }
        window[windowNext] = failed;
        if (failed) {
          windowFailures++;
        }
        windowNext = (windowNext + 1) % window.length;
        windowSize = Math.min(windowSize + 1, window.length);
        boolean rateExceeded = windowSize == window.length && windowFailures >= config.errorRate() * window.length;
        if (consecutiveFailures >= config.consecutiveFailures() || rateExceeded) {
          open(now);
        }
      }
      case HALF_OPEN -> {
        if (failed) {
          open(now);
        } else if (++probesSucceeded >= config.halfOpenRequests()) {
          close();
        }
      }
      // An answer to a request sent before the breaker opened says nothing about the target now.
      case OPEN -> { }
    }
  }

  private void open(long now) {
    state = State.OPEN;
    openUntil = now + openForNanos;
  }

  private void close() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    windowFailures = 0;
    windowSize = 0;
    windowNext = 0;
    java.util.Arrays.fill(window, false);
  }
}

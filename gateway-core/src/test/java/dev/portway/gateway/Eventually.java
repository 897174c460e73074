package dev.portway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread makes true (a meter recorded after the response was
 * written, a listener unbound). Polls; bounded, so a bug fails the test instead of hanging it.
 */
public final class Eventually {

  static final Duration LIMIT = Duration.ofSeconds(10);
  static final long POLL_MILLIS = 5;

  private Eventually() {}

  public static void until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", LIMIT).isLessThan(deadline);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }
}

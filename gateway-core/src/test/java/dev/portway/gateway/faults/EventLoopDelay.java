package dev.portway.gateway.faults;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late a periodic timer fires on each event loop of a Vert.x instance: a loop that is
 * blocked (or starved) runs its timers late by as long as it was held.
 */
final class EventLoopDelay {

  private final Vertx vertx;
  private final List<Long> timers = new ArrayList<>();
  private final AtomicLong maxNanos = new AtomicLong();

  private EventLoopDelay(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Timers set from outside Vert.x each get a new context, and so the event loops in turn: one per loop, twice over. */
  static EventLoopDelay start(Vertx vertx, Duration period) {
    EventLoopDelay delay = new EventLoopDelay(vertx);
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < loops; i++) {
      long[] expected = {System.nanoTime() + period.toNanos()};
      delay.timers.add(vertx.setPeriodic(period.toMillis(), id -> {
        long now = System.nanoTime();
        delay.maxNanos.accumulateAndGet(now - expected[0], Math::max);
        expected[0] = now + period.toNanos();
      }));
    }
    return delay;
  }

  long maxMillis() {
    return maxNanos.get() / 1_000_000;
  }

  void stop() {
    timers.forEach(vertx::cancelTimer);
  }
}

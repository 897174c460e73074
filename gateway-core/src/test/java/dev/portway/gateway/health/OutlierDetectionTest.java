package dev.portway.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.OutlierDetectionConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ejection and its back-off, driven by a hand-held clock (nanoseconds). */
class OutlierDetectionTest {

  private static final long BASE = Duration.ofSeconds(1).toNanos();

  private final OutlierDetection detection =
      new OutlierDetection(new OutlierDetectionConfig(3, Duration.ofNanos(BASE), Duration.ofNanos(3 * BASE)));

  private boolean fail(int times, long now) {
    boolean ejected = false;
    for (int i = 0; i < times; i++) {
      ejected |= detection.record(true, now);
    }
    return ejected;
  }

  @Test
  void ejectsAfterConsecutiveFailuresForTheEjectionTime() {
    assertThat(fail(2, 0)).isFalse();
    detection.record(false, 0);
    assertThat(fail(2, 0)).as("the success started the count again").isFalse();

    assertThat(fail(1, 0)).isTrue();
    assertThat(detection.ejected(BASE - 1)).isTrue();
    assertThat(detection.ejected(BASE)).isFalse();
  }

  @Test
  void repeatedEjectionsDoubleUpToTheMaximumAndASuccessResetsThem() {
    fail(3, 0);
    long now = BASE;
    fail(3, now);
    assertThat(detection.ejected(now + 2 * BASE - 1)).as("second ejection lasts 2s").isTrue();
    now += 2 * BASE;
    fail(3, now);
    assertThat(detection.ejected(now + 3 * BASE - 1)).as("third would be 4s, capped at 3s").isTrue();
    assertThat(detection.ejected(now + 3 * BASE)).isFalse();
    now += 3 * BASE;

    detection.record(false, now);
    assertThat(detection.ejections()).isZero();
    fail(3, now);
    assertThat(detection.ejected(now + BASE)).as("back to the base time").isFalse();
  }
}

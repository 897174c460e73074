package dev.portway.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.CircuitBreakerConfig;
import dev.portway.gateway.health.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Breaker transitions, driven by a hand-held clock (nanoseconds). */
class CircuitBreakerTest {

  private static final long OPEN_FOR = Duration.ofSeconds(10).toNanos();

  private static CircuitBreaker breaker(int consecutiveFailures, double errorRate, int window, int probes) {
    return new CircuitBreaker(new CircuitBreakerConfig(consecutiveFailures, errorRate, window,
        Duration.ofNanos(OPEN_FOR), probes));
  }

  @Test
  void opensAfterConsecutiveFailuresAndASuccessResetsTheCount() {
    CircuitBreaker breaker = breaker(3, 1.0, 100, 1);

    breaker.record(true, 0);
    breaker.record(true, 0);
    breaker.record(false, 0);
    breaker.record(true, 0);
    breaker.record(true, 0);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);

    breaker.record(true, 0);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allows(OPEN_FOR - 1)).isFalse();
  }

  @Test
  void opensOnTheErrorRateOnlyOnceTheWindowIsFull() {
    CircuitBreaker breaker = breaker(100, 0.5, 4, 1);

    breaker.record(true, 0);
    breaker.record(true, 0);
    breaker.record(false, 0);
    assertThat(breaker.state()).as("3 of a window of 4 seen").isEqualTo(State.CLOSED);

    breaker.record(false, 0);
    assertThat(breaker.state()).as("2 failures of the last 4").isEqualTo(State.OPEN);
  }

  @Test
  void aFullWindowBelowTheRateStaysClosed() {
    CircuitBreaker breaker = breaker(100, 0.5, 4, 1);

    for (int i = 0; i < 20; i++) {
      breaker.record(i % 4 == 0, 0);
    }

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void afterOpenForItLetsProbesThroughAndClosesWhenTheyAllSucceed() {
    CircuitBreaker breaker = breaker(1, 1.0, 10, 2);
    breaker.record(true, 0);

    assertThat(breaker.allows(OPEN_FOR)).isTrue();
    breaker.dispatched(OPEN_FOR);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.dispatched(OPEN_FOR);
    assertThat(breaker.allows(OPEN_FOR)).as("both probes are out").isFalse();

    breaker.record(false, OPEN_FOR);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.record(false, OPEN_FOR);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.allows(OPEN_FOR)).isTrue();
  }

  @Test
  void aFailedProbeOpensItAgainForAnotherPeriod() {
    CircuitBreaker breaker = breaker(1, 1.0, 10, 1);
    breaker.record(true, 0);
    breaker.dispatched(OPEN_FOR);

    breaker.record(true, OPEN_FOR);

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allows(2 * OPEN_FOR - 1)).isFalse();
    assertThat(breaker.allows(2 * OPEN_FOR)).isTrue();
  }
}

package dev.portway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PORTWAY_CONFIG_WATCH: how often the config file is polled. */
class ReloadTriggersTest {

  @Test
  void unsetMeansEverySecond() {
    assertThat(ReloadTriggers.watchInterval(null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(ReloadTriggers.watchInterval(" ")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void plainSecondsOrAnIsoDuration() {
    assertThat(ReloadTriggers.watchInterval("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ReloadTriggers.watchInterval("PT0.5S")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void zeroTurnsWatchingOff() {
    assertThat(ReloadTriggers.watchInterval("0")).isZero();
  }

  @Test
  void nonsenseFallsBackToTheDefault() {
    assertThat(ReloadTriggers.watchInterval("often")).isEqualTo(ReloadTriggers.DEFAULT_WATCH_INTERVAL);
    assertThat(ReloadTriggers.watchInterval("-PT1S")).isEqualTo(ReloadTriggers.DEFAULT_WATCH_INTERVAL);
  }
}

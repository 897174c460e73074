package dev.portway.server;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.reload.ConfigWatcher;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What reloads a config file besides {@code POST /admin/reload}: {@code SIGHUP}, and a change to the
 * file itself (polled; {@code PORTWAY_CONFIG_WATCH} sets the interval as an ISO-8601 or plain-seconds
 * duration, {@code 0} turns watching off). Each goes through {@link Gateway#reload}, which validates
 * first and logs what it rejects.
 */
final class ReloadTriggers {

  static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(1);

  private ReloadTriggers() {}

  static void install(Vertx vertx, Gateway gateway, Path file, String watchSetting) {
    // sun.misc.Signal (module jdk.unsupported) is the JDK's only way to catch a signal; the handler runs
    // on a JVM thread of its own, and reload() only schedules work.
    SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> gateway.reload("signal"));
    if (previous == SignalHandler.SIG_IGN) {
      // A signal ignored when the JVM started (nohup, a CI runner in the background) keeps being ignored:
      // the JVM silently refuses the handler, so SIGHUP would do nothing without a word.
      LoggerFactory.getLogger(ReloadTriggers.class).warn(
          "SIGHUP was ignored when portway started (nohup?): it will not reload the config; "
              + "use POST /admin/reload or PORTWAY_CONFIG_WATCH");
    }
    Duration interval = watchInterval(watchSetting);
    if (!interval.isZero()) {
      ConfigWatcher.start(vertx, file, interval, () -> gateway.reload("file")).await();
    }
  }

  /** {@code null} → the default; {@code 5} → 5 s; {@code PT0.5S} → 500 ms; {@code 0} → off; nonsense → the default, logged. */
  static Duration watchInterval(String setting) {
    if (setting == null || setting.isBlank()) {
      return DEFAULT_WATCH_INTERVAL;
    }
    try {
      Duration interval = setting.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(setting)) : Duration.parse(setting);
      if (!interval.isNegative()) {
        return interval;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    LoggerFactory.getLogger(ReloadTriggers.class).warn(
        "PORTWAY_CONFIG_WATCH must be seconds or an ISO-8601 duration (PT0.5S), not '{}'; watching every {} s",
        setting, DEFAULT_WATCH_INTERVAL.toSeconds());
    return DEFAULT_WATCH_INTERVAL;
  }
}

package dev.portway.gateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Config durations: a whole number and a unit, {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
final class Durations {

  // Mirrors $defs/duration in the schema; nine digits keep every value far inside Duration's range.
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private Durations() {}

  static boolean isDuration(String text) {
    return DURATION.matcher(text).matches();
  }

  /** Parses a text the schema already accepted. */
  static Duration parse(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      default:
        return Duration.ofHours(amount);
    }
  }
}

package dev.portway.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code timeouts:} on an upstream or a route. A route's timeouts are the upstream's with the route's
 * own settings on top; the loader resolves that, so every instance here is complete.
 *
 * @param connect  to open a connection to a target (refused or timed out → 502 / 504)
 * @param response from the request sent to the response headers received (→ 504)
 * @param idle     longest silence on an upstream connection while a body streams (→ 504 before the
 *                 response started, a reset after)
 */
public record TimeoutsConfig(Duration connect, Duration response, Duration idle) {

  public TimeoutsConfig {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(idle, "idle");
  }

  public static final TimeoutsConfig DEFAULTS =
      new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
}

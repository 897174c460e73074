package dev.portway.gateway.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * {@code retry:} of a route.
 *
 * @param attempts         tries in all, the first included (1 = no retry)
 * @param methods          upper-case methods that may be retried after the request reached the target
 * @param onConnectFailure retry when no connection could be opened (any method: nothing was sent)
 * @param onReset          retry when the connection broke before the response head arrived
 * @param onTimeout        retry when a try's timeout fired before the response head arrived
 * @param statuses         response statuses that are retried (the response is discarded unseen)
 * @param perTryTimeout    from a try's request sent to its response head; {@code null} = the route's
 *                         {@code timeouts.response}
 */
public record RetryConfig(int attempts, Set<String> methods, boolean onConnectFailure, boolean onReset,
    boolean onTimeout, Set<Integer> statuses, Duration perTryTimeout) {

  public RetryConfig {
    methods = Set.copyOf(methods);
    statuses = Set.copyOf(Objects.requireNonNull(statuses, "statuses"));
  }
}

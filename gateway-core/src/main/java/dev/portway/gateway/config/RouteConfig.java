package dev.portway.gateway.config;

import java.util.Objects;

/**
 * One entry of {@code routes:}.
 *
 * @param id          unique route id (metric label, access log field)
 * @param priority    higher wins before specificity is considered (default 0)
 * @param match       what requests this route takes
 * @param upstream    name of an entry of {@code upstreams:}
 * @param stripPrefix path prefix removed before forwarding, or {@code null}
 * @param rewritePath regex rewrite of the path, or {@code null}
 * @param timeouts    effective timeouts (upstream's with the route's overrides)
 * @param retry       when and how often a failed try is repeated, or {@code null} for never
 * @param security    the route's edge-security keywords ({@link RouteSecurity#NONE} when it uses none)
 * @param requestHeaders  edits of the headers sent upstream, or {@code null}
 * @param responseHeaders edits of the response headers sent to the client, or {@code null}
 */
public record RouteConfig(
    String id,
    int priority,
    MatchConfig match,
    String upstream,
    String stripPrefix,
    RewritePathConfig rewritePath,
    TimeoutsConfig timeouts,
    RetryConfig retry,
    RouteSecurity security,
    HeadersConfig requestHeaders,
    HeadersConfig responseHeaders) {

  /** A route without edge-security keywords and header edits. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, String stripPrefix,
      RewritePathConfig rewritePath, TimeoutsConfig timeouts, RetryConfig retry) {
    this(id, priority, match, upstream, stripPrefix, rewritePath, timeouts, retry, RouteSecurity.NONE, null, null);
  }

  public RouteConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(security, "security");
  }
}

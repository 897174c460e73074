package dev.portway.gateway.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole validated configuration of one gateway: what {@link ConfigLoader} produces from one YAML
 * file. Immutable; a reload builds a new instance and swaps it in.
 *
 * @param source       where the config came from (a file path or {@code <embedded default>}), for messages
 * @param listener     the traffic listener
 * @param admin        the admin listener (health, metrics, admin API)
 * @param drainTimeout how long in-flight requests may run after SIGTERM before the process exits
 * @param accessLog    access-log settings
 * @param echoServer   the built-in echo upstream, or {@code null} when not configured
 * @param upstreams    upstreams by name, in document order
 * @param routes       routes in document order (the router orders them by priority and specificity)
 */
public record GatewayConfig(
    String source,
    ListenerConfig listener,
    AdminConfig admin,
    Duration drainTimeout,
    AccessLogConfig accessLog,
    EchoServerConfig echoServer,
    Map<String, UpstreamConfig> upstreams,
    List<RouteConfig> routes) {

  public GatewayConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(accessLog, "accessLog");
    // Map.copyOf would lose the document order promised above.
    upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(upstreams));
    routes = List.copyOf(routes);
  }
}

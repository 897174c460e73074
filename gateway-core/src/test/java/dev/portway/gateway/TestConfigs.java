package dev.portway.gateway;

import dev.portway.gateway.config.AccessLogConfig;
import dev.portway.gateway.config.AdminConfig;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RetryBudgetConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.config.UpstreamConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Config records built in code, as the loader would produce them; every listener on an ephemeral loopback port. */
public final class TestConfigs {

  private TestConfigs() {}

  public static GatewayConfig gateway(List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
    return gateway(null, upstreams, routes);
  }

  public static GatewayConfig gateway(EchoServerConfig echo, List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
    Map<String, UpstreamConfig> byName = new LinkedHashMap<>();
    upstreams.forEach(u -> byName.put(u.name(), u));
    return new GatewayConfig("<test>", new ListenerConfig("127.0.0.1", 0), new AdminConfig("127.0.0.1", 0),
        Duration.ofSeconds(5), new AccessLogConfig(true, 1.0), echo, byName, routes);
  }

  public static UpstreamConfig upstream(String name, TimeoutsConfig timeouts, int... ports) {
    List<TargetConfig> targets = Arrays.stream(ports)
        .mapToObj(port -> new TargetConfig("http://127.0.0.1:" + port, "127.0.0.1", port, false, 1))
        .toList();
    return new UpstreamConfig(name, targets, "round-robin", timeouts, "client-ip", null, null, null,
        RetryBudgetConfig.DEFAULTS, "http/1.1");
  }

  public static UpstreamConfig upstream(String name, int... ports) {
    return upstream(name, TimeoutsConfig.DEFAULTS, ports);
  }

  /** A route on {@code path} (any host, method and header) to {@code upstream}. */
  public static RouteConfig route(String id, String path, String upstream) {
    return new RouteConfig(id, 0, match(path), upstream, null, null, TimeoutsConfig.DEFAULTS, null);
  }

  public static MatchConfig match(String path) {
    return new MatchConfig(List.of(), path, List.of(), Map.of(), null, Map.of(), Map.of(), Map.of());
  }
}

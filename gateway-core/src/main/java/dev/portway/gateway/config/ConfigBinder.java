package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A tree that passed the schema and the semantic checks, to the config records: applies the defaults
 * (the same values as the schema's {@code default}s, which a test keeps equal) and merges timeouts
 * (defaults, then the upstream's, then the route's, field by field).
 */
final class ConfigBinder {

  static final ListenerConfig LISTENER = new ListenerConfig("0.0.0.0", 8080);
  static final AdminConfig ADMIN = new AdminConfig("0.0.0.0", 9901);
  static final EchoServerConfig ECHO_SERVER = new EchoServerConfig("127.0.0.1", 9903);
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  static final boolean ACCESS_LOG_ENABLED = true;
  static final String LOAD_BALANCER = "round-robin";
  static final int PRIORITY = 0;
  static final int WEIGHT = 1;
  static final String HASH_ON = "client-ip";
  static final String PROTOCOL = "http/1.1";

  private ConfigBinder() {}

  static GatewayConfig bind(JsonNode root, String source) {
    JsonNode listener = root.path("listener");
    JsonNode admin = root.path("admin");
    JsonNode echo = root.path("echoServer");
    Path base = SecurityConfigs.baseDirectory(source);
    Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
    root.path("upstreams").fields().forEachRemaining(entry ->
        upstreams.put(entry.getKey(), upstream(entry.getKey(), entry.getValue(), base)));
    List<RouteConfig> routes = new ArrayList<>();
    root.path("routes").forEach(route -> routes.add(route(route, upstreams, base)));
    return new GatewayConfig(
        source,
        new ListenerConfig(listener.path("host").asText(LISTENER.host()), listener.path("port").asInt(LISTENER.port()),
            SecurityConfigs.tls(listener.path("tls"), base), SecurityConfigs.limits(listener.path("limits")),
            SecurityConfigs.networks(listener.path("trustedProxies")),
            listener.path("http2").asBoolean(ListenerConfig.DEFAULT_HTTP2),
            listener.path("h2c").asBoolean(ListenerConfig.DEFAULT_H2C)),
        new AdminConfig(admin.path("host").asText(ADMIN.host()), admin.path("port").asInt(ADMIN.port())),
        duration(root.path("drainTimeout"), DRAIN_TIMEOUT),
        new AccessLogConfig(root.path("accessLog").path("enabled").asBoolean(ACCESS_LOG_ENABLED),
            root.path("accessLog").path("sampleRate").asDouble(1.0)),
        echo.isMissingNode() ? null
            : new EchoServerConfig(echo.path("host").asText(ECHO_SERVER.host()), echo.path("port").asInt(ECHO_SERVER.port())),
        upstreams,
        routes);
  }

  private static UpstreamConfig upstream(String name, JsonNode upstream, Path base) {
    List<TargetConfig> targets = new ArrayList<>();
    upstream.path("targets").forEach(target -> targets.add(
        TargetUrls.parse(target.path("url").textValue()).withWeight(target.path("weight").asInt(WEIGHT))));
    return new UpstreamConfig(
        name,
        targets,
        upstream.path("loadBalancer").asText(LOAD_BALANCER),
        timeouts(upstream.path("timeouts"), TimeoutsConfig.DEFAULTS),
        upstream.path("hashOn").asText(HASH_ON),
        TrafficConfigs.healthCheck(upstream.path("healthCheck")),
        TrafficConfigs.outlierDetection(upstream.path("outlierDetection")),
        TrafficConfigs.circuitBreaker(upstream.path("circuitBreaker")),
        TrafficConfigs.retryBudget(upstream.path("retryBudget")),
        upstream.path("protocol").asText(PROTOCOL),
        SecurityConfigs.upstreamTls(upstream.path("tls"), base));
  }

  private static RouteConfig route(JsonNode route, Map<String, UpstreamConfig> upstreams, Path base) {
    UpstreamConfig upstream = upstreams.get(route.path("upstream").textValue());
    JsonNode rewrite = route.path("rewritePath");
    return new RouteConfig(
        route.path("id").textValue(),
        route.path("priority").asInt(PRIORITY),
        match(route.path("match")),
        upstream.name(),
        route.path("stripPrefix").textValue(),
        rewrite.isMissingNode() ? null
            : new RewritePathConfig(rewrite.path("regex").textValue(), rewrite.path("replacement").textValue()),
        timeouts(route.path("timeouts"), upstream.timeouts()),
        TrafficConfigs.retry(route.path("retry")),
        SecurityConfigs.route(route, base),
        TrafficConfigs.headers(route.path("requestHeaders")),
        TrafficConfigs.headers(route.path("responseHeaders")));
  }

  private static MatchConfig match(JsonNode match) {
    return new MatchConfig(
        // Host names compare case-insensitively and methods are upper-case by convention: normalise once here.
        strings(match.path("hosts"), host -> host.toLowerCase(Locale.ROOT)),
        match.path("path").textValue(),
        strings(match.path("methods"), method -> method.toUpperCase(Locale.ROOT)),
        texts(match.path("headers")),
        match.path("pathRegex").textValue(),
        texts(match.path("headerRegex")),
        texts(match.path("query")),
        texts(match.path("queryRegex")));
  }

  /** A mapping of scalars as text, numbers and booleans as written. */
  static Map<String, String> texts(JsonNode mapping) {
    Map<String, String> values = new LinkedHashMap<>();
    mapping.fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    return values;
  }

  private static List<String> strings(JsonNode array, Function<String, String> normalise) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(normalise.apply(value.textValue())));
    return values;
  }

  private static TimeoutsConfig timeouts(JsonNode overrides, TimeoutsConfig base) {
    return new TimeoutsConfig(
        duration(overrides.path("connect"), base.connect()),
        duration(overrides.path("response"), base.response()),
        duration(overrides.path("idle"), base.idle()));
  }

  static Duration duration(JsonNode value, Duration fallback) {
    return value.isTextual() ? Durations.parse(value.textValue()) : fallback;
  }
}

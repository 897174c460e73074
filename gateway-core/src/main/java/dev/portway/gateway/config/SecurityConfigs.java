package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.portway.gateway.security.Networks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the edge-security keywords (issue 8): {@code listener.tls}, {@code listener.limits},
 * {@code listener.trustedProxies}, an upstream's {@code tls} and a route's {@code apiKey}, {@code jwt},
 * {@code rateLimit}, {@code ipRules} and {@code cors}, with the schema's defaults. File names are
 * resolved against the config file's directory.
 */
final class SecurityConfigs {

  static final Duration TLS_RELOAD_INTERVAL = Duration.ofSeconds(10);
  static final boolean VERIFY_HOSTNAME = true;
  static final String CONSUMER_HEADER = "X-Consumer";
  static final Duration JWKS_CACHE_TTL = Duration.ofMinutes(10);
  static final Duration JWKS_MIN_REFETCH = Duration.ofSeconds(30);
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  static final String RATE_LIMIT_KEY = "ip";
  static final boolean REDIS_FAIL_OPEN = true;
  static final Duration REDIS_TIMEOUT = Duration.ofMillis(250);
  static final List<String> CORS_METHODS = List.of("GET", "HEAD", "POST");
  static final Duration CORS_MAX_AGE = Duration.ofMinutes(10);

  private SecurityConfigs() {}

  /** The directory relative file names in {@code source} are resolved against. */
  static Path baseDirectory(String source) {
    Path parent = source.startsWith("<") ? null : Path.of(source).toAbsolutePath().getParent();
    return parent == null ? Path.of("") : parent;
  }

  static TlsConfig tls(JsonNode tls, Path base) {
    if (tls.isMissingNode()) {
      return null;
    }
    List<TlsConfig.Certificate> certificates = new ArrayList<>();
    tls.path("certificates").forEach(entry -> certificates.add(new TlsConfig.Certificate(
        base.resolve(entry.path("certFile").textValue()), base.resolve(entry.path("keyFile").textValue()))));
    return new TlsConfig(certificates, ConfigBinder.duration(tls.path("reloadInterval"), TLS_RELOAD_INTERVAL));
  }

  static UpstreamTlsConfig upstreamTls(JsonNode tls, Path base) {
    if (tls.isMissingNode()) {
      return null;
    }
    return new UpstreamTlsConfig(file(tls.path("caFile"), base), file(tls.path("certFile"), base),
        file(tls.path("keyFile"), base), tls.path("verifyHostname").asBoolean(VERIFY_HOSTNAME));
  }

  private static Path file(JsonNode name, Path base) {
    return name.isTextual() ? base.resolve(name.textValue()) : null;
  }

  static LimitsConfig limits(JsonNode limits) {
    LimitsConfig defaults = LimitsConfig.DEFAULTS;
    return new LimitsConfig(
        limits.path("maxBodySize").asLong(defaults.maxBodySize()),
        limits.path("maxHeaderSize").asInt(defaults.maxHeaderSize()),
        limits.path("maxUrlLength").asInt(defaults.maxUrlLength()),
        ConfigBinder.duration(limits.path("idleTimeout"), defaults.idleTimeout()),
        ConfigBinder.duration(limits.path("requestTimeout"), defaults.requestTimeout()));
  }

  static RouteSecurity route(JsonNode route, Path base) {
    if (!route.has("apiKey") && !route.has("jwt") && !route.has("rateLimit") && !route.has("ipRules")
        && !route.has("cors")) {
      return RouteSecurity.NONE;
    }
    return new RouteSecurity(apiKey(route.path("apiKey"), base), jwt(route.path("jwt")), rateLimit(route.path("rateLimit")),
        ipRules(route.path("ipRules")), cors(route.path("cors")));
  }

  /** A list of CIDRs the checks have already parsed once. */
  static Networks networks(JsonNode cidrs) {
    return Networks.parse(strings(cidrs));
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(value -> strings.add(value.textValue()));
    return strings;
  }

  private static IpRulesConfig ipRules(JsonNode rules) {
    return rules.isMissingNode() ? null : new IpRulesConfig(networks(rules.path("allow")), networks(rules.path("deny")));
  }

  private static CorsConfig cors(JsonNode cors) {
    if (cors.isMissingNode()) {
      return null;
    }
    List<String> methods = strings(cors.path("allowMethods"));
    return new CorsConfig(strings(cors.path("allowOrigins")), methods.isEmpty() ? CORS_METHODS : methods,
        strings(cors.path("allowHeaders")), strings(cors.path("exposeHeaders")),
        cors.path("allowCredentials").asBoolean(false), ConfigBinder.duration(cors.path("maxAge"), CORS_MAX_AGE));
  }

  private static ApiKeyConfig apiKey(JsonNode apiKey, Path base) {
    if (apiKey.isMissingNode()) {
      return null;
    }
    List<ApiKeyConfig.Consumer> consumers = new ArrayList<>();
    apiKey.path("consumers").forEach(consumer -> consumers.add(consumer(consumer)));
    JsonNode file = apiKey.path("consumersFile");
    if (file.isTextual()) {
      consumersFile(base.resolve(file.textValue())).forEach(consumer -> consumers.add(consumer(consumer)));
    }
    return new ApiKeyConfig(apiKey.path("header").textValue(), apiKey.path("query").textValue(),
        apiKey.path("consumerHeader").asText(CONSUMER_HEADER), consumers);
  }

  /**
   * Built on first use: an {@code ObjectMapper} loads some 600 classes, a tenth of a start, and only a
   * config with an API-key consumers file needs one (decision 1009).
   */
  private static final class ConsumersFileMapper {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  }

  /** The {@code consumers:} list of a consumers file (the same shape as the inline list). */
  static JsonNode consumersFile(Path file) {
    try {
      return ConsumersFileMapper.YAML.readTree(file.toFile()).path("consumers");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiKeyConfig.Consumer consumer(JsonNode consumer) {
    return new ApiKeyConfig.Consumer(consumer.path("name").textValue(), consumer.path("sha256").textValue().toLowerCase());
  }

  private static JwtConfig jwt(JsonNode jwt) {
    if (jwt.isMissingNode()) {
      return null;
    }
    JsonNode jwks = jwt.path("jwks");
    return new JwtConfig(
        strings(jwt.path("algorithms")),
        jwt.path("issuer").textValue(),
        strings(jwt.path("audiences")),
        jwt.path("jwksUrl").isTextual() ? URI.create(jwt.path("jwksUrl").textValue()) : null,
        jwks.isMissingNode() ? null : jwks.toString(),
        jwt.path("secret").textValue(),
        ConfigBinder.duration(jwt.path("jwksCacheTtl"), JWKS_CACHE_TTL),
        ConfigBinder.duration(jwt.path("jwksMinRefetch"), JWKS_MIN_REFETCH),
        ConfigBinder.duration(jwt.path("clockSkew"), CLOCK_SKEW),
        texts(jwt.path("claimHeaders")),
        texts(jwt.path("requiredClaims")));
  }

  private static Map<String, String> texts(JsonNode object) {
    Map<String, String> texts = new LinkedHashMap<>();
    object.fields().forEachRemaining(entry -> texts.put(entry.getKey(), entry.getValue().asText()));
    return texts;
  }

  private static RateLimitConfig rateLimit(JsonNode rateLimit) {
    if (rateLimit.isMissingNode()) {
      return null;
    }
    int limit = rateLimit.path("limit").asInt();
    JsonNode redis = rateLimit.path("redis");
    return new RateLimitConfig(
        limit,
        ConfigBinder.duration(rateLimit.path("period"), Duration.ofSeconds(1)),
        rateLimit.path("burst").asInt(limit),
        rateLimit.path("key").asText(RATE_LIMIT_KEY),
        redis.isMissingNode() ? null : new RateLimitConfig.Redis(
            redis.path("url").textValue(),
            redis.path("failOpen").asBoolean(REDIS_FAIL_OPEN),
            ConfigBinder.duration(redis.path("timeout"), REDIS_TIMEOUT)));
  }
}

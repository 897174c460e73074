package dev.portway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edge-security keywords from YAML to records: defaults, file references, and the mistakes caught. */
class SecurityConfigsTest {

  private static final ConfigLoader LOADER = ConfigLoader.create(Map.of());
  private static final String HASH = "a".repeat(64);
  private static final String UPSTREAM = "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }] } }\n";

  @TempDir
  Path dir;

  private GatewayConfig load(String yaml) throws Exception {
    Path file = dir.resolve("portway.yaml");
    Files.writeString(file, UPSTREAM + yaml);
    return LOADER.load(file);
  }

  private List<String> errors(String yaml) {
    Path file = dir.resolve("portway.yaml");
    try {
      Files.writeString(file, (yaml.startsWith("upstreams:") ? "" : UPSTREAM) + yaml);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return catchThrowableOfType(ConfigException.class, () -> LOADER.load(file)).errors().stream()
        .map(error -> error.path() + ": " + error.message()).toList();
  }

  @Test
  void everyKeywordBindsWithFilesResolvedNextToTheConfig() throws Exception {
    Files.writeString(dir.resolve("a.crt"), "x");
    Files.writeString(dir.resolve("a.key"), "x");
    Files.writeString(dir.resolve("keys.yaml"), "consumers: [{ name: filed, sha256: " + "B".repeat(64) + " }]\n");
    GatewayConfig config = load(String.join("\n",
        "listener:",
        "  tls: { certificates: [{ certFile: a.crt, keyFile: a.key }], reloadInterval: 1m }",
        "  limits: { maxBodySize: 1000, maxHeaderSize: 4096, maxUrlLength: 2048, idleTimeout: 30s, requestTimeout: 1m }",
        "routes:",
        "  - id: r",
        "    upstream: echo",
        "    apiKey: { header: X-Key, consumers: [{ name: acme, sha256: " + HASH + " }], consumersFile: keys.yaml }",
        "    jwt:",
        "      algorithms: [RS256]",
        "      jwksUrl: https://login.test/jwks",
        "      issuer: https://login.test/",
        "      audiences: [api]",
        "      claimHeaders: { sub: X-User }",
        "      requiredClaims: { scope: admin }",
        "    rateLimit: { limit: 10, period: 1m, key: 'claim:sub', redis: { url: 'redis://127.0.0.1:6379', failOpen: false } }",
        ""));

    assertThat(config.listener().tls()).isEqualTo(new TlsConfig(
        List.of(new TlsConfig.Certificate(dir.resolve("a.crt"), dir.resolve("a.key"))), Duration.ofMinutes(1)));
    assertThat(config.listener().limits()).isEqualTo(
        new LimitsConfig(1000, 4096, 2048, Duration.ofSeconds(30), Duration.ofMinutes(1)));
    RouteSecurity security = config.routes().get(0).security();
    assertThat(security.apiKey()).isEqualTo(new ApiKeyConfig("X-Key", null, "X-Consumer",
        List.of(new ApiKeyConfig.Consumer("acme", HASH), new ApiKeyConfig.Consumer("filed", "b".repeat(64)))));
    assertThat(security.jwt()).isEqualTo(new JwtConfig(List.of("RS256"), "https://login.test/", List.of("api"),
        URI.create("https://login.test/jwks"), null, null, Duration.ofMinutes(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Map.of("sub", "X-User"), Map.of("scope", "admin")));
    assertThat(security.rateLimit()).isEqualTo(new RateLimitConfig(10, Duration.ofMinutes(1), 10, "claim:sub",
        new RateLimitConfig.Redis("redis://127.0.0.1:6379", false, Duration.ofMillis(250))));
  }

  @Test
  void ipRulesCorsAndTrustedProxiesBind() throws Exception {
    GatewayConfig config = load(String.join("\n",
        "listener: { trustedProxies: [10.0.0.0/8, '2001:db8::/32'] }",
        "routes:",
        "  - id: r",
        "    upstream: echo",
        "    ipRules: { allow: [192.0.2.0/24], deny: [192.0.2.66] }",
        "    cors: { allowOrigins: ['https://app.test'], allowHeaders: [Authorization], maxAge: 1m }",
        ""));

    assertThat(config.listener().trustedProxies())
        .isEqualTo(dev.portway.gateway.security.Networks.parse(List.of("10.0.0.0/8", "2001:db8::/32")));
    RouteSecurity security = config.routes().get(0).security();
    assertThat(security.ipRules().allow().contains("192.0.2.9")).isTrue();
    assertThat(security.ipRules().deny().contains("192.0.2.66")).isTrue();
    assertThat(security.cors()).isEqualTo(new CorsConfig(List.of("https://app.test"), List.of("GET", "HEAD", "POST"),
        List.of("Authorization"), List.of(), false, Duration.ofMinutes(1)));
  }

  @Test
  void upstreamTlsBindsWithFilesNextToTheConfig() throws Exception {
    for (String file : new String[] {"ca.crt", "gw.crt", "gw.key"}) {
      Files.writeString(dir.resolve(file), "x");
    }
    Path config = dir.resolve("portway.yaml");
    Files.writeString(config, "upstreams: { pay: { targets: [{ url: 'https://127.0.0.1:8443' }],"
        + " tls: { caFile: ca.crt, certFile: gw.crt, keyFile: gw.key, verifyHostname: false } } }\n");

    assertThat(LOADER.load(config).upstreams().get("pay").tls())
        .isEqualTo(new UpstreamTlsConfig(dir.resolve("ca.crt"), dir.resolve("gw.crt"), dir.resolve("gw.key"), false));
  }

  @Test
  void withoutTheKeywordsNothingIsSet() throws Exception {
    GatewayConfig config = load("routes: [{ id: r, upstream: echo }]\n");

    assertThat(config.listener().tls()).isNull();
    assertThat(config.listener().limits()).isEqualTo(LimitsConfig.DEFAULTS);
    assertThat(config.routes().get(0).security()).isSameAs(RouteSecurity.NONE);
  }

  @Test
  void theSchemaDefaultsAreTheOnesTheBinderApplies() {
    JsonNode defs = ConfigSchema.get().document().path("$defs");
    LimitsConfig limits = LimitsConfig.DEFAULTS;

    assertThat(defs.at("/limits/properties/maxBodySize/default").asLong()).isEqualTo(limits.maxBodySize());
    assertThat(defs.at("/limits/properties/maxHeaderSize/default").asInt()).isEqualTo(limits.maxHeaderSize());
    assertThat(defs.at("/limits/properties/maxUrlLength/default").asInt()).isEqualTo(limits.maxUrlLength());
    assertThat(Durations.parse(defs.at("/limits/properties/idleTimeout/default").asText())).isEqualTo(limits.idleTimeout());
    assertThat(Durations.parse(defs.at("/limits/properties/requestTimeout/default").asText())).isEqualTo(limits.requestTimeout());
    assertThat(Durations.parse(defs.at("/tls/properties/reloadInterval/default").asText())).isEqualTo(SecurityConfigs.TLS_RELOAD_INTERVAL);
    assertThat(defs.at("/apiKey/properties/consumerHeader/default").asText()).isEqualTo(SecurityConfigs.CONSUMER_HEADER);
    assertThat(Durations.parse(defs.at("/jwt/properties/jwksCacheTtl/default").asText())).isEqualTo(SecurityConfigs.JWKS_CACHE_TTL);
    assertThat(Durations.parse(defs.at("/jwt/properties/jwksMinRefetch/default").asText())).isEqualTo(SecurityConfigs.JWKS_MIN_REFETCH);
    assertThat(Durations.parse(defs.at("/jwt/properties/clockSkew/default").asText())).isEqualTo(SecurityConfigs.CLOCK_SKEW);
    assertThat(defs.at("/rateLimit/properties/key/default").asText()).isEqualTo(SecurityConfigs.RATE_LIMIT_KEY);
    assertThat(defs.at("/rateLimit/properties/redis/properties/failOpen/default").asBoolean()).isEqualTo(SecurityConfigs.REDIS_FAIL_OPEN);
    assertThat(Durations.parse(defs.at("/rateLimit/properties/redis/properties/timeout/default").asText())).isEqualTo(SecurityConfigs.REDIS_TIMEOUT);
    assertThat(defs.at("/upstreamTls/properties/verifyHostname/default").asBoolean()).isEqualTo(SecurityConfigs.VERIFY_HOSTNAME);
    assertThat(defs.at("/cors/properties/allowMethods/default").toString()).isEqualTo("[\"GET\",\"HEAD\",\"POST\"]");
    assertThat(SecurityConfigs.CORS_METHODS).containsExactly("GET", "HEAD", "POST");
    assertThat(Durations.parse(defs.at("/cors/properties/maxAge/default").asText())).isEqualTo(SecurityConfigs.CORS_MAX_AGE);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      listener: { tls: { certificates: [{ certFile: none.crt, keyFile: none.key }] } }                  | listener.tls.certificates[0].certFile: cannot read file
      routes: [{ id: r, upstream: echo, apiKey: { consumers: [] } }]                                     | routes[0].apiKey.header: missing required key 'header'
      routes: [{ id: r, upstream: echo, apiKey: { header: K, consumers: [{ name: a, sha256: abc }] } }]  | routes[0].apiKey.consumers[0].sha256: must be the 64 hex digits
      routes: [{ id: r, upstream: echo, apiKey: { header: K, consumersFile: none.yaml } }]                | routes[0].apiKey.consumersFile: cannot read file
      routes: [{ id: r, upstream: echo, jwt: { algorithms: [HS256], jwksUrl: 'http://a/' } }]            | routes[0].jwt.algorithms: HS256 needs a secret
      routes: [{ id: r, upstream: echo, jwt: { algorithms: [RS256], secret: '0123456789abcdef0123456789abcdef' } }] | routes[0].jwt.algorithms: RS256 and ES256 need jwksUrl or jwks
      routes: [{ id: r, upstream: echo, jwt: { algorithms: [RS256], jwks: { keys: [{ kty: RSA }] } } }]   | routes[0].jwt.jwks: invalid JSON Web Key Set
      routes: [{ id: r, upstream: echo, jwt: { algorithms: [none], jwksUrl: 'http://a/' } }]             | routes[0].jwt.algorithms[0]
      routes: [{ id: r, upstream: echo, rateLimit: { limit: 5, key: consumer } }]                         | routes[0].rateLimit.key: key 'consumer' needs apiKey on the same route
      routes: [{ id: r, upstream: echo, rateLimit: { limit: 5, key: 'claim:sub' } }]                      | routes[0].rateLimit.key: key 'claim:sub' needs jwt on the same route
      routes: [{ id: r, upstream: echo, rateLimit: { limit: 5, key: cookie } }]                           | routes[0].rateLimit.key: must be ip, consumer, claim:NAME or header:NAME
      routes: [{ id: r, upstream: echo, rateLimit: { limit: 0 } }]                                        | routes[0].rateLimit.limit
      upstreams: { echo: { targets: [{ url: 'https://a' }], tls: { caFile: none.crt } } }            | upstreams.echo.tls.caFile: cannot read file
      upstreams: { echo: { targets: [{ url: 'https://a' }], tls: { certFile: a.crt } } }              | upstreams.echo.tls
      listener: { trustedProxies: [10.0.0.0/33] }                                                        | listener.trustedProxies[0]: invalid prefix length in '10.0.0.0/33' (0 to 32)
      routes: [{ id: r, upstream: echo, ipRules: { deny: [proxy.example.com] } }]                          | routes[0].ipRules.deny[0]: 'proxy.example.com' is not an IP address
      routes: [{ id: r, upstream: echo, cors: { allowOrigins: ['*'], allowCredentials: true } }]          | routes[0].cors.allowOrigins: '*' cannot be combined with allowCredentials
      routes: [{ id: r, upstream: echo, cors: { allowOrigins: ['https://a.test/path'] } }]                | routes[0].cors.allowOrigins[0]
      """)
  void mistakesAreReportedWithTheirPath(String yaml, String expected) {
    assertThat(errors(yaml + "\n")).anySatisfy(error -> assertThat(error).contains(expected));
  }
}

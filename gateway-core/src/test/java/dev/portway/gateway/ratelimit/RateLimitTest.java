package dev.portway.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Http.Response;
import dev.portway.gateway.auth.SecuredGateway;
import dev.portway.gateway.config.ApiKeyConfig;
import dev.portway.gateway.config.RateLimitConfig;
import dev.portway.gateway.config.RouteSecurity;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local buckets through the gateway: 2 requests an hour, so no refill happens while a test runs. */
class RateLimitTest {

  private SecuredGateway gateway;

  static RateLimitConfig hourly(int limit, String key, RateLimitConfig.Redis redis) {
    return new RateLimitConfig(limit, Duration.ofHours(1), limit, key, redis);
  }

  @BeforeEach
  void setUp() throws Exception {
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("key-a".getBytes()));
    String hashB = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("key-b".getBytes()));
    ApiKeyConfig apiKey = new ApiKeyConfig("X-Api-Key", null, "X-Consumer",
        List.of(new ApiKeyConfig.Consumer("a", hash), new ApiKeyConfig.Consumer("b", hashB)));
    gateway = new SecuredGateway().start(
        SecuredGateway.route("by-ip", "/ip/**", new RouteSecurity(null, null, hourly(2, "ip", null))),
        SecuredGateway.route("by-consumer", "/consumer/**", new RouteSecurity(apiKey, null, hourly(2, "consumer", null))),
        SecuredGateway.route("by-header", "/header/**", new RouteSecurity(null, null, hourly(2, "header:X-Tenant", null))));
  }

  @AfterEach
  void tearDown() {
    gateway.close();
  }

  @Test
  void theBurstPassesWithRateLimitHeadersThen429WithRetryAfter() {
    Response first = gateway.get("/ip/x");
    Response second = gateway.get("/ip/x");
    Response third = gateway.get("/ip/x");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.headers().get("RateLimit-Limit")).isEqualTo("2");
    assertThat(first.headers().get("RateLimit-Remaining")).isEqualTo("1");
    assertThat(second.headers().get("RateLimit-Remaining")).isEqualTo("0");
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.headers().get("RateLimit-Remaining")).isEqualTo("0");
    // One token comes back every 30 minutes.
    assertThat(third.headers().get("Retry-After")).isEqualTo("1800");
    assertThat(gateway.registry.find(RateLimit.LIMITED).tag("route", "by-ip").counter().count()).isEqualTo(1);
  }

  @Test
  void eachConsumerHasItsOwnQuota() {
    for (int i = 0; i < 2; i++) {
      assertThat(gateway.get("/consumer/x", "X-Api-Key", "key-a").status()).isEqualTo(200);
    }
    assertThat(gateway.get("/consumer/x", "X-Api-Key", "key-a").status()).isEqualTo(429);
    assertThat(gateway.get("/consumer/x", "X-Api-Key", "key-b").status()).isEqualTo(200);
  }

  @Test
  void aHeaderKeySplitsTheQuotaByItsValue() {
    for (int i = 0; i < 2; i++) {
      gateway.get("/header/x", "X-Tenant", "t1");
    }
    assertThat(gateway.get("/header/x", "X-Tenant", "t1").status()).isEqualTo(429);
    assertThat(gateway.get("/header/x", "X-Tenant", "t2").status()).isEqualTo(200);
  }
}

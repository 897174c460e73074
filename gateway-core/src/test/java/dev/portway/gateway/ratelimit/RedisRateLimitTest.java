package dev.portway.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Http;
import dev.portway.gateway.auth.SecuredGateway;
import dev.portway.gateway.config.RateLimitConfig;
import dev.portway.gateway.config.RouteSecurity;
import io.vertx.core.Future;
import io.vertx.core.http.RequestOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared buckets on the real redis-server at 127.0.0.1:6379 (scripts/provision.sh starts it). Each test
 * uses route ids of its own, so buckets left from earlier runs never meet it.
 */
class RedisRateLimitTest {

  static final String REDIS = "redis://127.0.0.1:6379";

  private SecuredGateway first;
  private SecuredGateway second;

  @AfterEach
  void tearDown() {
    for (SecuredGateway gateway : new SecuredGateway[] {first, second}) {
      if (gateway != null) {
        gateway.close();
      }
    }
  }

  private static SecuredGateway gateway(String routeId, String url, boolean failOpen) {
    RateLimitConfig limit = new RateLimitConfig(3, Duration.ofHours(1), 3, "header:X-Tenant",
        new RateLimitConfig.Redis(url, failOpen, Duration.ofSeconds(2)));
    return new SecuredGateway().start(SecuredGateway.route(routeId, "/**", new RouteSecurity(null, null, limit)));
  }

  @Test
  void twoGatewaysSharingRedisShareOneQuota() {
    String route = "shared-" + UUID.randomUUID();
    first = gateway(route, REDIS, true);
    second = gateway(route, REDIS, true);

    assertThat(first.get("/x", "X-Tenant", "t").status()).isEqualTo(200);
    assertThat(second.get("/x", "X-Tenant", "t").status()).isEqualTo(200);
    assertThat(first.get("/x", "X-Tenant", "t").headers().get("RateLimit-Remaining")).isEqualTo("0");

    assertThat(second.get("/x", "X-Tenant", "t").status()).isEqualTo(429);
    assertThat(first.get("/x", "X-Tenant", "t").status()).isEqualTo(429);
    assertThat(second.get("/x", "X-Tenant", "other").status()).isEqualTo(200);
  }

  @Test
  void concurrentRequestsFromTwoGatewaysNeverExceedTheQuota() {
    String route = "race-" + UUID.randomUUID();
    first = gateway(route, REDIS, true);
    second = gateway(route, REDIS, true);

    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SecuredGateway gateway = i % 2 == 0 ? first : second;
      answers.add(Http.exchange(gateway.client, new RequestOptions()
          .setHost("127.0.0.1").setPort(gateway.port()).setURI("/x").putHeader("X-Tenant", "t"), null)
          .map(Http.Response::status));
    }
    long allowed = answers.stream().map(answer -> answer.await()).filter(status -> status == 200).count();

    assertThat(allowed).isEqualTo(3);
  }

  @Test
  void unreachableRedisFailsOpenOrClosedAsConfigured() throws Exception {
    String nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = "redis://127.0.0.1:" + socket.getLocalPort();
    }
    first = gateway("open-" + UUID.randomUUID(), nobody, true);
    second = gateway("closed-" + UUID.randomUUID(), nobody, false);

    assertThat(first.get("/x", "X-Tenant", "t").status()).isEqualTo(200);
    assertThat(second.get("/x", "X-Tenant", "t").status()).isEqualTo(503);
    assertThat(first.registry.find(RateLimit.REDIS_ERRORS).counter().count()).isEqualTo(1);
  }
}

package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.support.Prometheus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3, the admin listener: health endpoints answer, and {@code /metrics} counts exactly the
 * requests this test made (the gateway is fresh and only this class talks to its traffic port).
 */
class AdminIT {
  private static final String REQUESTS = "portway_requests_total";

  private static ContainerStack stack;
  private static GatewayContainer gateway;

  @BeforeAll
  static void start() {
    stack = new ContainerStack();
    stack.upstream("backend");
    gateway = stack.gateway(g -> g.withConfig("traffic.yaml"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void liveAndReadyAnswer200OnTheAdminPort() {
    assertThat(Http.get(gateway.admin("/health/live")).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.admin("/health/ready")).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.traffic("/health/ready")).statusCode())
        .as("admin endpoints are not on the traffic port").isEqualTo(404);
  }

  @Test
  void metricsCountTheRequestsOfThisTestByRouteMethodAndStatusClass() {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(gateway.traffic("/api/counted/" + i)).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(Http.get(gateway.traffic("/api/status/503")).statusCode()).isEqualTo(503);
    }
    assertThat(Http.get(gateway.traffic("/v1/users/7")).statusCode()).isEqualTo(200);

    // A request is counted when its exchange completes, which may be just after the client has its answer.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      HttpResponse<String> scrape = Http.get(gateway.admin("/metrics"));
      assertThat(scrape.statusCode()).isEqualTo(200);
      String metrics = scrape.body();
      assertThat(Prometheus.sum(metrics, REQUESTS, Map.of("route", "api", "method", "GET", "status_class", "2xx")))
          .isEqualTo(3.0);
      assertThat(Prometheus.sum(metrics, REQUESTS, Map.of("route", "api", "method", "GET", "status_class", "5xx")))
          .isEqualTo(2.0);
      assertThat(Prometheus.sum(metrics, REQUESTS, Map.of("route", "api"))).as("all of route api").isEqualTo(5.0);
      assertThat(Prometheus.sum(metrics, REQUESTS, Map.of("route", "users", "method", "GET", "status_class", "2xx")))
          .isEqualTo(1.0);
    });
  }
}

package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.support.UpstreamContainer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6, upstream faults: a dead upstream gives 502 fast, a hanging one 504 at its configured
 * response timeout, and neither disturbs the other routes.
 */
class UpstreamFaultsIT {
  /** {@code upstreams.sleepy.timeouts.response} in configs/faults.yaml. */
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
  /** {@code upstreams.doomed.timeouts.connect}: a refused connection must give its 502 well before this. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Slack on top of a configured timeout for timer granularity, scheduling and the Docker port proxy on a
   * busy 2-core machine. Generous on purpose: the lower bound is the sharp part of the check.
   */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static ContainerStack stack;
  private static UpstreamContainer doomed;
  private static GatewayContainer gateway;

  @BeforeAll
  static void start() {
    stack = new ContainerStack();
    stack.upstream("backend");
    // "doomed" is an address that stays up (held by an upstream on another port) with a process on
    // port 8080 that the test kills.
    UpstreamContainer doomedHost = stack.upstream("doomed", 9000);
    doomed = stack.upstreamInside(doomedHost, "doomed-process");
    gateway = stack.gateway(g -> g.withConfig("faults.yaml"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aKilledUpstreamGives502QuicklyAndOtherRoutesStillServe() {
    assertThat(Http.get(gateway.traffic("/doomed/alive")).statusCode()).as("before the kill").isEqualTo(200);

    doomed.getDockerClient().killContainerCmd(doomed.getContainerId()).exec();

    long start = System.nanoTime();
    HttpResponse<String> response = Http.get(gateway.traffic("/doomed/after-kill"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).as("body: %s", response.body()).isEqualTo(502);
    assertThat(Http.json(response).isObject()).as("JSON error body").isTrue();
    assertThat(took).as("time to the 502").isLessThan(CONNECT_TIMEOUT);
    assertThat(Http.get(gateway.traffic("/api/still-fine")).statusCode()).isEqualTo(200);
  }

  @Test
  void aHangingUpstreamGives504AtTheConfiguredTimeoutWhileOtherRoutesServe() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> hanging = Http.client().sendAsync(
        Http.request(gateway.traffic("/sleepy/hang")).GET().build(), HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> meanwhile = Http.get(gateway.traffic("/api/meanwhile"));
    assertThat(meanwhile.statusCode()).as("another route while one hangs").isEqualTo(200);

    HttpResponse<String> response = hanging.get(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).as("body: %s", response.body()).isEqualTo(504);
    assertThat(Http.json(response).isObject()).as("JSON error body").isTrue();
    assertThat(took).as("time to the 504")
        .isGreaterThanOrEqualTo(RESPONSE_TIMEOUT)
        .isLessThan(RESPONSE_TIMEOUT.plus(SLACK));
    assertThat(Http.get(gateway.traffic("/api/after-hang")).statusCode()).isEqualTo(200);
  }
}

package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.support.UpstreamContainer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenario 5, lifecycle: graceful drain on SIGTERM, and stop + start of the same container. */
class LifecycleIT {
  /** drainTimeout of configs/lifecycle.yaml. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
  /**
   * How long the in-flight request takes upstream. The gateway closes its listener within milliseconds of
   * SIGTERM, so the refused new request is seen while this one is still running.
   */
  private static final int SLOW_MS = 6000;

  private static ContainerStack stack;
  private static UpstreamContainer backend;

  @BeforeAll
  static void start() {
    stack = new ContainerStack();
    backend = stack.upstream("backend");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void sigtermLetsTheInFlightRequestFinishRefusesNewOnesAndExitsZero() throws Exception {
    GatewayContainer gateway = stack.gateway(g -> g.withConfig("lifecycle.yaml"));
    DockerClient docker = gateway.getDockerClient();
    HttpClient client = Http.client();
    CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
        Http.request(gateway.traffic("/api/slow/" + SLOW_MS)).GET().build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> backend.getLogs().contains("upstream: received GET /slow/" + SLOW_MS));
    var newRequest = Http.request(gateway.traffic("/api/after-sigterm")).timeout(Duration.ofSeconds(3)).GET().build();

    long sigterm = System.nanoTime();
    docker.killContainerCmd(gateway.getContainerId()).withSignal("SIGTERM").exec();

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> refused(newRequest));
    assertThat(inFlight).as("the slow request is still draining when new ones are refused").isNotDone();
    assertThat(state(docker, gateway).getRunning()).isTrue();

    HttpResponse<String> drained = inFlight.get(30, TimeUnit.SECONDS);
    assertThat(drained.statusCode()).isEqualTo(200);
    assertThat(Http.json(drained).path("uri").asText()).isEqualTo("/slow/" + SLOW_MS);

    await().atMost(DRAIN_TIMEOUT.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> !state(docker, gateway).getRunning());
    Duration toExit = Duration.ofNanos(System.nanoTime() - sigterm);
    assertThat(state(docker, gateway).getExitCodeLong()).as("exit code; log:%n%s", gateway.getLogs()).isZero();
    assertThat(toExit).as("SIGTERM to exit").isLessThan(DRAIN_TIMEOUT);
  }

  @Test
  void aStoppedContainerStartsAgainAndServes() {
    GatewayContainer gateway = stack.gateway(g -> g.withConfig("lifecycle.yaml"));
    DockerClient docker = gateway.getDockerClient();
    assertThat(Http.get(gateway.traffic("/api/before")).statusCode()).isEqualTo(200);

    docker.stopContainerCmd(gateway.getContainerId()).withTimeout(30).exec();
    assertThat(state(docker, gateway).getExitCodeLong()).as("exit code of docker stop").isZero();
    docker.startContainerCmd(gateway.getContainerId()).exec();

    await().atMost(GatewayContainer.START_TIMEOUT).ignoreExceptions()
        .until(() -> Http.get(gateway.admin("/health/ready")).statusCode() == 200);
    HttpResponse<String> after = Http.get(gateway.traffic("/api/after"));
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(Http.json(after).path("uri").asText()).isEqualTo("/after");
  }

  /** True when the request gets no HTTP answer at all: the connection is refused or closed unanswered. */
  private static boolean refused(HttpRequest request) {
    try {
      Http.client().send(request, HttpResponse.BodyHandlers.discarding());
      return false;
    } catch (HttpTimeoutException e) {
      return false; // accepted but unanswered is not refused
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static InspectContainerResponse.ContainerState state(DockerClient docker, GatewayContainer gateway) {
    return docker.inspectContainerCmd(gateway.getContainerId()).exec().getState();
  }
}

package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.support.Prometheus;
import dev.portway.it.support.RunToExit;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/** Scenario 2, config from outside the image: a mounted file, environment variables, a broken file. */
class ConfigIT {
  private static ContainerStack stack;

  @BeforeAll
  static void start() {
    stack = new ContainerStack();
    stack.upstream("backend");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aMountedConfigFileReplacesTheBakedOne() {
    GatewayContainer gateway = stack.gateway(g -> g.withFileSystemBind(
        hostPath("mounted.yaml"), GatewayContainer.CONFIG_PATH, BindMode.READ_ONLY));

    HttpResponse<String> routed = Http.get(gateway.traffic("/mounted/hello"));
    assertThat(routed.statusCode()).isEqualTo(200);
    assertThat(Http.json(routed).path("uri").asText()).isEqualTo("/hello");
    assertThat(Http.get(gateway.traffic("/echo/hello")).statusCode())
        .as("the baked default route is gone").isEqualTo(404);
  }

  @Test
  void theBakedConfigTakesItsSettingsFromEnvironmentVariables() {
    // Nothing mounted: the image's own config, with values through its ${PORTWAY_...:-default} variables.
    int traffic = 8181;
    int admin = 9191;
    GatewayContainer gateway = stack.gateway(g -> g
        .withEnv("PORTWAY_LISTEN_PORT", String.valueOf(traffic))
        .withEnv("PORTWAY_ADMIN_PORT", String.valueOf(admin))
        .withEnv("PORTWAY_ACCESS_LOG", "false")
        .withExposedPorts(traffic, admin)
        .waitingFor(Wait.forHttp("/health/ready").forPort(admin).forStatusCode(200)
            .withStartupTimeout(GatewayContainer.START_TIMEOUT)));

    HttpResponse<String> echoed = Http.get(gateway.uri(traffic, "/echo/configured-by-env"));
    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.body()).contains("/configured-by-env");
    // Counted means the exchange completed, which is when an access log line would have been written.
    await().atMost(Duration.ofSeconds(10)).until(() -> Prometheus.sum(
        Http.get(gateway.uri(admin, "/metrics")).body(), "portway_requests_total", Map.of("route", "echo")) == 1.0);
    assertThat(gateway.getLogs()).as("PORTWAY_ACCESS_LOG=false").doesNotContain("portway.access");
  }

  @Test
  void aBrokenConfigStopsTheContainerWithEachMistakeInTheLog() {
    RunToExit.Outcome outcome = RunToExit.run(
        stack.withHosts(new GatewayContainer().withConfig("broken.yaml")), GatewayContainer.START_TIMEOUT);

    assertThat(outcome.exitCode()).as("exit code; log:%n%s", outcome.logs()).isNotZero();
    // file:line:column: path: message, for each mistake (line numbers of configs/broken.yaml).
    assertThat(outcome.logs())
        .containsPattern(quoted(GatewayContainer.CONFIG_PATH) + ":14:\\d+: routes\\[1]\\.upstream: .*nowhere")
        .containsPattern(quoted(GatewayContainer.CONFIG_PATH) + ":15:\\d+: routes\\[1]\\.retries: ");
  }

  private static String hostPath(String config) {
    return MountableFile.forClasspathResource("configs/" + config).getResolvedPath();
  }

  private static String quoted(String literal) {
    return Pattern.quote(literal);
  }
}

package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.support.RunToExit;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
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
  void aConfigWhoseValuesComeFromEnvironmentVariablesWorks() {
    GatewayContainer gateway = stack.gateway(g -> g.withConfig("from-env.yaml")
        .withEnv("BACKEND_URL", "http://backend:8080")
        .withEnv("ROUTE_ID", "from-env")
        .withEnv("ROUTE_PREFIX", "/envroute")
        // Set but empty: the default after :- applies, as in the shell.
        .withEnv("TRAFFIC_PORT", ""));

    HttpResponse<String> routed = Http.get(gateway.traffic("/envroute/x?y=1"));
    assertThat(routed.statusCode()).isEqualTo(200);
    assertThat(Http.json(routed).path("uri").asText()).isEqualTo("/x?y=1");
    assertThat(Http.get(gateway.admin("/metrics")).body()).contains("route=\"from-env\"");
  }

  @Test
  void aBrokenConfigStopsTheContainerWithEachMistakeInTheLog() {
    RunToExit.Outcome outcome = RunToExit.run(
        stack.withHosts(new GatewayContainer().withConfig("broken.yaml")), Duration.ofSeconds(60));

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
    return java.util.regex.Pattern.quote(literal);
  }
}

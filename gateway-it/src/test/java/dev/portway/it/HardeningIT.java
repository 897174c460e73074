package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.TopContainerResponse;
import dev.portway.it.support.BuildInfo;
import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.support.Images;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;

/**
 * Scenario 4, hardening. One gateway runs on its baked default config with a read-only root filesystem,
 * exactly as docs/image.md tells users to run it; every test looks at that container or its image.
 */
class HardeningIT {
  private static ContainerStack stack;
  private static GatewayContainer gateway;

  @BeforeAll
  static void start() {
    stack = new ContainerStack();
    gateway = stack.gateway(g -> g.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void everyProcessRunsAsUid65532() {
    TopContainerResponse top = gateway.getDockerClient().topContainerCmd(gateway.getContainerId())
        .withPsArgs("-o uid,gid,args").exec();

    assertThat(top.getProcesses()).isNotEmpty();
    for (String[] process : top.getProcesses()) {
      assertThat(process[0]).as("uid of %s", Arrays.toString(process)).isEqualTo("65532");
      assertThat(process[1]).as("gid of %s", Arrays.toString(process)).isEqualTo("65532");
    }
  }

  @Test
  void servesTrafficWithAReadOnlyRootFilesystem() {
    assertThat(gateway.getCurrentContainerInfo().getHostConfig().getReadonlyRootfs()).isTrue();

    var response = Http.get(gateway.traffic("/echo/hello"));
    assertThat(response.statusCode()).as("the baked default route to the built-in echo").isEqualTo(200);
    assertThat(response.body()).contains("/hello");
  }

  @Test
  void theRuntimeImageHasNoShell() {
    for (String shell : List.of("/bin/sh", "/bin/bash", "/bin/busybox", "/usr/bin/busybox")) {
      Throwable copy = catchThrowable(() -> gateway.copyFileFromContainer(shell, in -> in.readAllBytes()));
      assertThat(copy).as("copying %s out of the container", shell).isNotNull();
    }
    Container.ExecResult exec = execOrFailure("/bin/sh", "-c", "true");
    assertThat(exec).as("exec of /bin/sh").isNull();
  }

  @Test
  void dockerReportsTheContainerHealthy() {
    // The image's own HEALTHCHECK decides: Docker runs it every interval; bounded well above that.
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(gateway.getCurrentContainerInfo().getState().getHealth().getStatus()).isEqualTo("healthy"));
  }

  @Test
  void ociLabelsCarryThisBuildsVersionAndRevision() {
    Map<String, String> labels = Images.inspect(BuildInfo.image()).getConfig().getLabels();

    assertThat(labels)
        .containsEntry("org.opencontainers.image.version", BuildInfo.version())
        .containsEntry("org.opencontainers.image.revision", BuildInfo.revision())
        .containsEntry("org.opencontainers.image.title", "Portway")
        .containsKeys("org.opencontainers.image.created", "org.opencontainers.image.source",
            "org.opencontainers.image.licenses", "org.opencontainers.image.description",
            "org.opencontainers.image.base.name");
  }

  /** The exec's result if it ran, or {@code null} if Docker could not start it (no such file). */
  private static Container.ExecResult execOrFailure(String... command) {
    try {
      Container.ExecResult result = gateway.execInContainer(command);
      return result.getExitCode() == 0 ? result : null;
    } catch (Exception e) {
      return null;
    }
  }
}

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
    gateway = stack.gateway(GatewayContainer::withReadOnlyRootFilesystem);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void everyProcessRunsAsUid65532() {
    // docker top runs ps on the host for the container's processes: the real ids, not the image's claim.
    TopContainerResponse top = gateway.getDockerClient().topContainerCmd(gateway.getContainerId())
        .withPsArgs("-o pid,uid,gid,args").exec();
    List<String> titles = List.of(top.getTitles());
    int uid = titles.indexOf("UID");
    int gid = titles.indexOf("GID");

    assertThat(top.getProcesses()).isNotEmpty();
    for (String[] process : top.getProcesses()) {
      assertThat(process[uid]).as("uid of %s", Arrays.toString(process)).isEqualTo("65532");
      assertThat(process[gid]).as("gid of %s", Arrays.toString(process)).isEqualTo("65532");
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
  void theRuntimeImageHasNoShell() throws Exception {
    for (String shell : List.of("/bin/sh", "/bin/bash", "/bin/busybox", "/usr/bin/busybox")) {
      Throwable copy = catchThrowable(() -> gateway.copyFileFromContainer(shell, in -> in.readAllBytes()));
      assertThat(copy).as("copying %s out of the container", shell).isNotNull();
    }
    // The engine reports a command it cannot start with exit code 126 and the runtime's reason.
    Container.ExecResult exec = gateway.execInContainer("/bin/sh", "-c", "echo reached");
    assertThat(exec.getExitCode()).as("exit code of exec /bin/sh: %s", exec).isEqualTo(126);
    assertThat(exec.getStdout() + exec.getStderr()).doesNotContain("reached").contains("no such file or directory");
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

    assertThat(labels.get("org.opencontainers.image.revision"))
        .as("revision label vs git HEAD of this build (an image left from an older commit fails here; build it in "
            + "the same run: -am)")
        .isEqualTo(BuildInfo.revision());
    assertThat(labels)
        .containsEntry("org.opencontainers.image.version", BuildInfo.version())
        .containsKeys("org.opencontainers.image.title", "org.opencontainers.image.created", "org.opencontainers.image.source",
            "org.opencontainers.image.licenses", "org.opencontainers.image.description",
            "org.opencontainers.image.base.name");
  }
}

package dev.portway.image;

import static dev.portway.image.Docker.await;
import static dev.portway.image.Docker.imageName;
import static dev.portway.image.Docker.json;
import static dev.portway.image.Docker.ok;
import static dev.portway.image.Docker.published;
import static dev.portway.image.Docker.run;
import static dev.portway.image.Docker.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native-platform image that `package` built and loaded into the engine. */
class ImageIT {

  private final List<String> containers = new ArrayList<>();

  @AfterEach
  void removeContainers() {
    containers.forEach(c -> run("rm", "-f", c));
  }

  private String start(String... args) {
    List<String> cmd = new ArrayList<>(List.of("run", "-d", "--pull", "never"));
    cmd.addAll(List.of(args));
    String id = ok(cmd.toArray(String[]::new));
    containers.add(id);
    return id;
  }

  @Test
  void configIsNonRootExecFormWithLabelsPortsAndShelllessHealthcheck() {
    JsonNode config = json(ok("image", "inspect", "-f", "{{json .Config}}", imageName()));
    assertThat(config.path("User").asText()).isEqualTo("65532:65532");
    assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
    assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.path("ExposedPorts").has("9901/tcp")).isTrue();
    JsonNode healthcheck = config.path("Healthcheck").path("Test");
    assertThat(healthcheck.get(0).asText()).as("exec form, no shell").isEqualTo("CMD");
    assertThat(healthcheck.toString()).contains("healthcheck");
    assertThat(config.path("Env").toString()).contains("JDK_JAVA_OPTIONS=").contains("MaxRAMPercentage");

    JsonNode labels = config.path("Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(System.getProperty("image.version"));
    assertThat(labels.path("org.opencontainers.image.revision").asText())
        .isEqualTo(System.getProperty("image.revision")).matches("[0-9a-f]{40}");
    assertThat(labels.path("org.opencontainers.image.created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    for (String key : List.of("title", "description", "source", "licenses", "base.name")) {
      assertThat(labels.path("org.opencontainers.image." + key).asText()).as(key).isNotBlank();
    }
  }

  @Test
  void hasNoShell() {
    for (String shell : List.of("/bin/sh", "/bin/bash", "/usr/bin/busybox")) {
      Docker.Result r = run("run", "--rm", "--pull", "never", "--entrypoint", shell, imageName(), "-c", "true");
      assertThat(r.exit()).as(shell + " must not exist: " + r.err()).isNotZero();
      assertThat(r.err()).contains("no such file or directory");
    }
  }

  @Test
  void startsReadOnlyAsPid1AnswersAndStopsGracefully() throws Exception {
    String id = start("--read-only", "--tmpfs", "/tmp", "-p", "127.0.0.1::8080", "-p", "127.0.0.1::9901", imageName());
    String admin = published(id, "9901/tcp");
    String traffic = published(id, "8080/tcp");
    Duration ready = await("/health/ready = 200", Duration.ofSeconds(60),
        () -> status("http://" + admin + "/health/ready") == 200);
    System.out.printf("native image ready %d ms after docker run returned%n", ready.toMillis());
    assertThat(status("http://" + traffic + "/echo/hello")).isEqualTo(200);

    // The JVM itself is PID 1 of the container (exec-form ENTRYPOINT, no wrapper shell).
    String hostPid = ok("inspect", "-f", "{{.State.Pid}}", id);
    String cmdline = Files.readString(Path.of("/proc", hostPid, "cmdline")).replace('\0', ' ');
    assertThat(cmdline).startsWith("/opt/java/bin/java -jar /opt/portway/portway.jar");
    String nspid = Files.readAllLines(Path.of("/proc", hostPid, "status")).stream()
        .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow();
    assertThat(nspid.trim()).endsWith("\t1");
    assertThat(ok("inspect", "-f", "{{.Config.User}}", id)).isEqualTo("65532:65532");

    // HEALTHCHECK (java ... healthcheck, no shell) turns the container healthy.
    await("health status healthy", Duration.ofSeconds(60),
        () -> ok("inspect", "-f", "{{.State.Health.Status}}", id).equals("healthy"));

    // SIGTERM reaches the JVM: a graceful stop with exit code 0 (a SIGKILL after the 30 s grace gives 137).
    ok("stop", "-t", "30", id);
    assertThat(ok("inspect", "-f", "{{.State.ExitCode}}", id)).isEqualTo("0");
  }

  @Test
  void defaultConfigTakesPortsFromTheEnvironment() {
    String id = start("--read-only", "--tmpfs", "/tmp", "-e", "PORTWAY_LISTEN_PORT=8181",
        "-p", "127.0.0.1::8181", "-p", "127.0.0.1::9901", imageName());
    String admin = published(id, "9901/tcp");
    String traffic = published(id, "8181/tcp");
    await("/health/ready = 200", Duration.ofSeconds(60), () -> status("http://" + admin + "/health/ready") == 200);
    assertThat(status("http://" + traffic + "/echo/hello")).isEqualTo(200);
  }
}

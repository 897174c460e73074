package dev.portway.it.support;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The gateway image of this build, run as a user would run it. Ready means {@code /health/ready} on the
 * admin port answers 200, which the gateway only does once its config is loaded and its listeners bound.
 */
public final class GatewayContainer extends GenericContainer<GatewayContainer> {
  public static final int TRAFFIC_PORT = 8080;
  public static final int ADMIN_PORT = 9901;
  /** Where the image reads its config by default (docs/image.md); a mounted file here replaces the baked one. */
  public static final String CONFIG_PATH = "/etc/portway/portway.yaml";
  /**
   * Start to ready: 1–2 s on an idle machine, 13 s measured with the load average at 20 on 2 cores;
   * generous so that a loaded CI machine does not fail a test that is not about start-up time.
   */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  public GatewayContainer() {
    this(BuildInfo.image());
  }

  /** A gateway from {@code image}, e.g. another platform's variant of this build's image by digest. */
  public GatewayContainer(String image) {
    super(DockerImageName.parse(image));
    withExposedPorts(TRAFFIC_PORT, ADMIN_PORT);
    waitingFor(Wait.forHttp("/health/ready").forPort(ADMIN_PORT).forStatusCode(200)
        .withStartupTimeout(START_TIMEOUT));
    withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("gateway")));
  }

  /** Runs the gateway with {@code configs/NAME} from the test classpath in place of the baked config. */
  public GatewayContainer withConfig(String name) {
    return withCopyFileToContainer(MountableFile.forClasspathResource("configs/" + name), CONFIG_PATH);
  }

  /**
   * Adds JVM options after the image's own {@code JDK_JAVA_OPTIONS} (later options win), keeping the
   * image's defaults such as its CDS archive.
   */
  public GatewayContainer withJvmOptions(String options) {
    String imageOptions = Images.env(BuildInfo.image()).getOrDefault("JDK_JAVA_OPTIONS", "");
    return withEnv("JDK_JAVA_OPTIONS", (imageOptions + " " + options).trim());
  }

  public URI traffic(String pathAndQuery) {
    return uri(TRAFFIC_PORT, pathAndQuery);
  }

  public URI admin(String pathAndQuery) {
    return uri(ADMIN_PORT, pathAndQuery);
  }

  /** {@code pathAndQuery} on the host port published for {@code containerPort}. */
  public URI uri(int containerPort, String pathAndQuery) {
    return URI.create("http://" + getHost() + ":" + publishedPort(containerPort) + pathAndQuery);
  }

  /**
   * Runs with a read-only root filesystem, as docs/image.md recommends: {@code --read-only} plus a tmpfs
   * on {@code /tmp} (Vert.x' file cache), nothing else writable.
   */
  public GatewayContainer withReadOnlyRootFilesystem() {
    withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true));
    return withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,size=16m"));
  }

  /**
   * The host port of {@code containerPort} as the engine reports it now: a restarted container may get
   * other host ports than Testcontainers saw at start.
   */
  public int publishedPort(int containerPort) {
    Ports.Binding[] bindings = getCurrentContainerInfo().getNetworkSettings().getPorts().getBindings()
        .get(ExposedPort.tcp(containerPort));
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException("port " + containerPort + " is not published (container stopped?)");
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }
}

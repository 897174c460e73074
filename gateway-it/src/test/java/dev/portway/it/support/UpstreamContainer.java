package dev.portway.it.support;

import com.github.dockerjava.api.model.HealthCheck;
import dev.portway.it.upstream.TestUpstream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * {@link TestUpstream} in a container of its own. It reuses the gateway image only for its JRE (nothing
 * can be pulled here, and that image is built anyway): the entrypoint is swapped for
 * {@code java -cp /upstream}, with the compiled test upstream copied in before start, and the image's
 * health check (which probes the gateway's admin port) is off.
 */
public final class UpstreamContainer extends GenericContainer<UpstreamContainer> {
  public static final int PORT = 8080;
  private static final String CLASSES = "/upstream";

  /** Listens on {@code port}; the caller puts the container on a network. */
  public UpstreamContainer(String name, int port) {
    super(DockerImageName.parse(BuildInfo.image()));
    String java = javaOfImage(BuildInfo.image());
    // The gateway's JVM options (heap sizing, CDS archive) are not meant for this program.
    withEnv("JDK_JAVA_OPTIONS", "");
    withCopyFileToContainer(MountableFile.forHostPath(classesOf(TestUpstream.class)),
        CLASSES + "/" + TestUpstream.class.getPackageName().replace('.', '/'));
    withCreateContainerCmdModifier(cmd -> cmd
        .withEntrypoint(java, "-cp", CLASSES, TestUpstream.class.getName(), String.valueOf(port))
        .withCmd(List.of())
        .withHealthcheck(new HealthCheck().withTest(List.of("NONE"))));
    waitingFor(Wait.forLogMessage(".*upstream: listening on " + port + "\\n", 1));
    withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("upstream-" + name)));
  }

  /** The java launcher of the image: the first element of its exec-form entrypoint. */
  private static String javaOfImage(String image) {
    List<String> entrypoint = Images.entrypoint(image);
    if (entrypoint.isEmpty() || !entrypoint.get(0).endsWith("java")) {
      throw new IllegalStateException("expected an exec-form java entrypoint in " + image + ", got " + entrypoint);
    }
    return entrypoint.get(0);
  }

  /** The directory of compiled classes holding {@code type}'s package. */
  private static Path classesOf(Class<?> type) {
    try {
      Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      return root.resolve(type.getPackageName().replace('.', '/'));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

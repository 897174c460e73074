package dev.portway.it.support;

import com.github.dockerjava.api.command.InspectImageResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/** What the engine says about an image: its config as built, not as the tests assume it. */
public final class Images {
  private Images() {}

  public static InspectImageResponse inspect(String image) {
    return DockerClientFactory.instance().client().inspectImageCmd(image).exec();
  }

  /** The image's {@code ENV}, by name. */
  public static Map<String, String> env(String image) {
    String[] env = inspect(image).getConfig().getEnv();
    return Arrays.stream(env == null ? new String[0] : env)
        .map(entry -> entry.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
  }

  /** The image's exec-form {@code ENTRYPOINT}. */
  public static List<String> entrypoint(String image) {
    String[] entrypoint = inspect(image).getConfig().getEntrypoint();
    return entrypoint == null ? List.of() : List.of(entrypoint);
  }
}

package dev.portway.it.support;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/** Runs a container that is expected to stop by itself, and reports how it ended. */
public final class RunToExit {
  private RunToExit() {}

  /** How a container ended: its exit code and everything it wrote to stdout and stderr. */
  public record Outcome(long exitCode, String logs) {}

  /**
   * Starts {@code container}, waits up to {@code limit} until it has stopped, and returns its outcome.
   * Fails if it is still running then. The container is removed afterwards.
   */
  public static Outcome run(GenericContainer<?> container, Duration limit) {
    container.setExposedPorts(List.of()); // a stopped container has no port mappings to wait for
    container.withStartupCheckStrategy(new StoppedStartupCheck().withTimeout(limit));
    container.waitingFor(new AbstractWaitStrategy() {
      @Override
      protected void waitUntilReady() {
        // the startup check already waited for the exit
      }
    });
    try {
      container.start();
      Long exitCode = container.getCurrentContainerInfo().getState().getExitCodeLong();
      return new Outcome(exitCode == null ? -1 : exitCode, container.getLogs());
    } finally {
      container.stop();
    }
  }

  /** Start-up "succeeds" once the container has stopped, whatever its exit code. */
  private static final class StoppedStartupCheck extends StartupCheckStrategy {
    @Override
    public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
      var state = getCurrentState(dockerClient, containerId);
      return Boolean.TRUE.equals(state.getRunning()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
    }
  }
}

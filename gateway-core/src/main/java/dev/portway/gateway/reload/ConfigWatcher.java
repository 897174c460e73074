package dev.portway.gateway.reload;

import dev.portway.gateway.reload.impl.ConfigWatcherImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Watches a config file by polling its modification time and size with Vert.x's asynchronous file
 * system (no thread is held, and it follows symlinks, so a Kubernetes ConfigMap's atomic
 * {@code ..data} swap is seen). A change is reported once two polls in a row agree, so an editor's
 * half-written save does not trigger a reload of its own.
 */
public interface ConfigWatcher {

  /** Completes once the file's current state is recorded; only changes after that are reported. */
  static Future<ConfigWatcher> start(Vertx vertx, Path file, Duration interval, Runnable onChange) {
    return ConfigWatcherImpl.start(vertx, file, interval, onChange);
  }

  void stop();
}

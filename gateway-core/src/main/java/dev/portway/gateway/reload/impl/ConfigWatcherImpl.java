package dev.portway.gateway.reload.impl;

import dev.portway.gateway.reload.ConfigWatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.nio.file.Path;
import java.time.Duration;

/** See {@link ConfigWatcher}; after start, the fields are touched only on the timer's context. */
public final class ConfigWatcherImpl implements ConfigWatcher {

  /** What a poll saw: a missing file (deleted mid-replace) is a state of its own, not a change to load. */
  private record Stamp(long modified, long size) {
    static final Stamp MISSING = new Stamp(-1, -1);
  }

  private final Vertx vertx;
  private final String file;
  private final Runnable onChange;
  private Stamp reported;
  private Stamp lastSeen;
  private volatile long timer;

  private ConfigWatcherImpl(Vertx vertx, String file, Runnable onChange) {
    this.vertx = vertx;
    this.file = file;
    this.onChange = onChange;
  }

  public static Future<ConfigWatcher> start(Vertx vertx, Path file, Duration interval, Runnable onChange) {
    ConfigWatcherImpl watcher = new ConfigWatcherImpl(vertx, file.toString(), onChange);
    // The file as it is now is the config already loaded: only later changes count.
    return watcher.stamp().map(now -> {
      watcher.reported = now;
      watcher.lastSeen = now;
      watcher.timer = vertx.setPeriodic(interval.toMillis(), id -> watcher.poll());
      return watcher;
    });
  }

  private Future<Stamp> stamp() {
    return vertx.fileSystem().props(file).transform(props ->
        Future.succeededFuture(props.succeeded() ? stamp(props.result()) : Stamp.MISSING));
  }

  private static Stamp stamp(FileProps props) {
    return new Stamp(props.lastModifiedTime(), props.size());
  }

  private void poll() {
    stamp().onSuccess(now -> {
      boolean settled = now.equals(lastSeen);
      lastSeen = now;
      if (settled && !now.equals(reported) && !now.equals(Stamp.MISSING)) {
        reported = now;
        onChange.run();
      }
    });
  }

  @Override
  public void stop() {
    vertx.cancelTimer(timer);
  }
}

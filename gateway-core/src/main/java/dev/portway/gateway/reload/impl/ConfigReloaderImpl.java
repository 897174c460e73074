package dev.portway.gateway.reload.impl;

import dev.portway.gateway.config.ConfigError;
import dev.portway.gateway.config.ConfigException;
import dev.portway.gateway.config.ConfigLoader;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.reload.ConfigReloader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link ConfigReloader}. */
public final class ConfigReloaderImpl implements ConfigReloader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

  private final Vertx vertx;
  private final Supplier<GatewayConfig> current;
  private final Function<GatewayConfig, Future<Void>> apply;
  private final Counter successes;
  private final Counter failures;
  /** The last reload asked for: the next one starts when it ends, so two never interleave. */
  private Future<?> tail = Future.succeededFuture();
  private volatile JsonObject lastReload;
  private volatile JsonObject lastError;

  public ConfigReloaderImpl(Vertx vertx, MeterRegistry registry, Supplier<GatewayConfig> current,
      Function<GatewayConfig, Future<Void>> apply) {
    this.vertx = vertx;
    this.current = current;
    this.apply = apply;
    this.successes = counter(registry, "success");
    this.failures = counter(registry, "failure");
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder(RELOADS).description("Config reloads by result").tag("result", result).register(registry);
  }

  @Override
  public synchronized Future<GatewayConfig> reload(String trigger) {
    Future<GatewayConfig> next = tail.transform(ignored -> attempt(trigger));
    tail = next;
    return next;
  }

  private Future<GatewayConfig> attempt(String trigger) {
    String source = current.get().source();
    return vertx.executeBlocking(() -> ConfigLoader.create().load(Path.of(source)), false)
        .compose(config -> apply.apply(config).map(config))
        .andThen(done -> {
          JsonObject report = new JsonObject().put("time", Instant.now().toString()).put("trigger", trigger);
          if (done.succeeded()) {
            successes.increment();
            lastReload = report.put("result", "success").put("source", done.result().source());
            LOG.info("Config reloaded ({}) from {}", trigger, done.result().source());
          } else {
            failures.increment();
            lastReload = report.put("result", "failure");
            lastError = report.copy().put("errors", errors(done.cause()));
            LOG.error("Config reload ({}) rejected, the previous config keeps serving:\n{}", trigger,
                message(done.cause()));
          }
        });
  }

  /** The operator's view of a failure: every config mistake with its position, or the one exception. */
  private static JsonArray errors(Throwable failure) {
    JsonArray errors = new JsonArray();
    if (failure instanceof ConfigException invalid) {
      for (ConfigError error : invalid.errors()) {
        errors.add(new JsonObject().put("file", error.file()).put("line", error.line()).put("column", error.column())
            .put("path", error.path()).put("message", error.message()));
      }
    } else {
      errors.add(new JsonObject().put("message", message(failure)));
    }
    return errors;
  }

  /** {@link ConfigException}s already read well; anything else is named by its type, never a bare trace. */
  private static String message(Throwable failure) {
    return failure instanceof ConfigException ? failure.getMessage() : failure.toString();
  }

  @Override
  public JsonObject status() {
    return new JsonObject()
        .put("source", current.get().source())
        .put("reloads", new JsonObject()
            .put("success", (long) successes.count())
            .put("failure", (long) failures.count()))
        .put("lastReload", lastReload)
        .put("lastError", lastError);
  }
}

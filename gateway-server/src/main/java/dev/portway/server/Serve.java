package dev.portway.server;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.config.ConfigException;
import dev.portway.gateway.config.ConfigLoader;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the gateway until SIGTERM or SIGINT, then drains and exits 0. */
final class Serve {

  static final String DEFAULT_CONFIG_RESOURCE = "/portway-default.yaml";
  static final String DEFAULT_CONFIG_SOURCE = "<embedded default>";
  static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";
  /** Time beyond the drain timeout for closing listeners and clients before the process stops anyway. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private Serve() {}

  static int start(Path configFile, PrintStream err) {
    // Before any Netty class reads it: Netty's allocator JFR events cost the first request ~90 ms (decision 1007).
    if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
      System.setProperty(NETTY_JFR_PROPERTY, "false");
    }
    // Logging first, alone: a logger asked for while Logback starts would be a stand-in, and SLF4J would
    // say so on stderr, which is no JSON line.
    Logger log = LoggerFactory.getLogger(Serve.class);
    // Vert.x and its metrics load thousands of classes and need nothing from the config: they start on a
    // thread of their own while this one reads and checks the config (decision 1005).
    FutureTask<PrometheusMeterRegistry> metrics = new FutureTask<>(MetricsSetup::newRegistry);
    FutureTask<Vertx> vertxStarting = new FutureTask<>(() -> MetricsSetup.vertx(metrics.get()));
    Thread starter = new Thread(() -> {
      metrics.run();
      vertxStarting.run();
    }, "portway-start");
    starter.setDaemon(true);
    starter.start();
    GatewayConfig config;
    try {
      config = configFile == null
          ? ConfigLoader.create().parse(defaultConfigText(), DEFAULT_CONFIG_SOURCE)
          : ConfigLoader.create().load(configFile);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      join(vertxStarting).close().await();
      return Main.INVALID_CONFIG;
    }
    PrometheusMeterRegistry registry = join(metrics);
    Vertx vertx = join(vertxStarting);
    Gateway gateway;
    try {
      gateway = Gateway.start(vertx, config, registry).await();
    } catch (RuntimeException e) {
      err.println("portway: cannot start: " + e.getMessage());
      vertx.close().await();
      return Main.FAILURE;
    }
    // Once the listeners serve, off the first request's path (decision 1009).
    AutoCloseable jvmMetrics = MetricsSetup.bindJvmMetrics(registry);
    Runtime.getRuntime().addShutdownHook(
        new Thread(() -> stop(log, gateway, vertx, jvmMetrics), "portway-shutdown"));
    if (configFile != null) {
      ReloadTriggers.install(vertx, gateway, configFile, System.getenv("PORTWAY_CONFIG_WATCH"));
    }
    log.info("Portway {} ready in {} ms: traffic on {}:{}, admin on {}:{}, config {}, transport {}", Main.version(),
        sinceProcessStart(), config.listener().host(), gateway.port(), config.admin().host(), gateway.adminPort(),
        config.source(), vertx.isNativeTransportEnabled() ? "epoll" : "nio");
    return Main.RUNNING;
  }

  /** The result of a start-up task, its failure rethrown as this thread's. */
  private static <T> T join(FutureTask<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  static String defaultConfigText() {
    try (InputStream in = Serve.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_CONFIG_RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JVM shutdown hook: not ready, stop accepting, let requests in flight finish within the drain
   * timeout, close. Halts with 0 so a SIGTERM-initiated stop counts as a clean exit (the JVM would
   * otherwise report 143).
   */
  private static void stop(Logger log, Gateway gateway, Vertx vertx, AutoCloseable jvmMetrics) {
    Duration drain = gateway.config().drainTimeout();
    log.info("Shutting down: draining requests in flight for up to {} s", drain.toSeconds());
    int status = Main.OK;
    try {
      gateway.shutdown(drain).await(drain.plus(CLOSE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
      vertx.close().await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      jvmMetrics.close();
      log.info("Stopped");
    } catch (Exception e) {
      log.error("Shutdown did not complete cleanly: {}", e.toString());
      status = Main.FAILURE;
    }
    Runtime.getRuntime().halt(status);
  }

  /** Milliseconds since the JVM started (ProcessHandle's start instant is only accurate to the clock tick). */
  private static long sinceProcessStart() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }
}

package dev.portway.gateway.reload;

import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.reload.impl.ConfigReloaderImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reloads the gateway's config: load and validate first (on a worker thread: file reads and schema
 * checks must not hold an event loop), then swap it in. An invalid config changes nothing: the config
 * in force keeps serving, and the errors (file, line, path) are logged, counted in
 * {@code portway_config_reloads_total{result="failure"}} and kept for {@code GET /admin/config}.
 * Reloads run one at a time in the order asked; whoever triggers one (file watch, SIGHUP,
 * {@code POST /admin/reload}) goes through here.
 */
public interface ConfigReloader {

  /** Metric name of the reload counter (label {@code result}: {@code success}, {@code failure}). */
  String RELOADS = "portway.config.reloads";

  /**
   * @param current the config in force; a reload reads its {@link GatewayConfig#source() source} file
   * @param apply   swaps a valid config in (returning once it serves new requests)
   */
  static ConfigReloader create(Vertx vertx, MeterRegistry registry, Supplier<GatewayConfig> current,
      Function<GatewayConfig, Future<Void>> apply) {
    return new ConfigReloaderImpl(vertx, registry, current, apply);
  }

  /**
   * Loads, validates and applies; {@code trigger} ({@code file}, {@code signal}, {@code admin}) is
   * logged. Completes with the new config, or fails with the reason the old one stayed.
   */
  Future<GatewayConfig> reload(String trigger);

  /** What {@code GET /admin/config} shows: the source, counts, the last reload and the last error (or null). */
  JsonObject status();
}

package dev.portway.gateway.admin;

import dev.portway.gateway.config.AdminConfig;
import dev.portway.gateway.proxy.Snapshot;
import dev.portway.gateway.reload.ConfigReloader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The admin listener, apart from traffic: {@code /health/live} (the process answers),
 * {@code /health/ready} (config loaded, listeners bound, not draining) and {@code /metrics}
 * (Prometheus text format), and the read-only traffic views {@code /admin/routes} and
 * {@code /admin/upstreams} ({@link TrafficEndpoints}).
 */
public final class AdminServer {

  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;
  private final Supplier<Snapshot> snapshot;
  private final ConfigReloader reloader;

  private AdminServer(Vertx vertx, PrometheusMeterRegistry registry, BooleanSupplier ready,
      Supplier<Snapshot> snapshot, ConfigReloader reloader) {
    this.vertx = vertx;
    this.registry = registry;
    this.ready = ready;
    this.snapshot = snapshot;
    this.reloader = reloader;
  }

  public static Future<HttpServer> start(Vertx vertx, AdminConfig config, PrometheusMeterRegistry registry,
      BooleanSupplier ready, Supplier<Snapshot> snapshot, ConfigReloader reloader) {
    AdminServer admin = new AdminServer(vertx, registry, ready, snapshot, reloader);
    return vertx.createHttpServer().requestHandler(admin::handle).listen(config.port(), config.host());
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/health/live" -> status(request, true);
      case "/health/ready" -> status(request, ready.getAsBoolean());
      case "/admin/config" -> reloader(request, 200);
      case "/admin/reload" -> reload(request);
      case "/admin/routes" -> json(request, TrafficEndpoints.routes(snapshot.get()));
      case "/admin/upstreams" -> json(request, TrafficEndpoints.upstreams(snapshot.get()));
      // Scraping walks every meter: off the event loop, which keeps serving traffic meanwhile.
      case "/metrics" -> vertx.executeBlocking(registry::scrape, false).onComplete(scraped -> {
        if (scraped.succeeded()) {
          request.response().putHeader("Content-Type", PROMETHEUS_CONTENT_TYPE).end(scraped.result());
        } else {
          request.response().setStatusCode(500).end();
        }
      });
      default -> request.response().setStatusCode(404)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "not_found").put("message", "no admin endpoint " + request.path())
              .toBuffer());
    }
  }

  private static void json(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  /** {@code POST /admin/reload}: 200 with the new state, or 422 with the errors while the old config serves. */
  private void reload(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      request.response().setStatusCode(405).putHeader("Allow", "POST").end();
      return;
    }
    reloader.reload("admin").onComplete(done -> reloader(request, done.succeeded() ? 200 : 422));
  }

  private void reloader(HttpServerRequest request, int status) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(reloader.status().toBuffer());
  }

  private static void status(HttpServerRequest request, boolean up) {
    request.response().setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", up ? "UP" : "DOWN").toBuffer());
  }
}

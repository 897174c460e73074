package dev.portway.gateway.admin;

import dev.portway.gateway.config.AdminConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * The admin listener, apart from traffic: {@code /health/live} (the process answers),
 * {@code /health/ready} (config loaded, listeners bound, not draining) and {@code /metrics}
 * (Prometheus text format).
 */
public final class AdminServer {

  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;

  private AdminServer(Vertx vertx, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this.vertx = vertx;
    this.registry = registry;
    this.ready = ready;
  }

  public static Future<HttpServer> start(Vertx vertx, AdminConfig config, PrometheusMeterRegistry registry,
      BooleanSupplier ready) {
    AdminServer admin = new AdminServer(vertx, registry, ready);
    return vertx.createHttpServer().requestHandler(admin::handle).listen(config.port(), config.host());
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/health/live" -> status(request, true);
      case "/health/ready" -> status(request, ready.getAsBoolean());
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

  private static void status(HttpServerRequest request, boolean up) {
    request.response().setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", up ? "UP" : "DOWN").toBuffer());
  }
}

package dev.portway.gateway.echo;

import dev.portway.gateway.config.EchoServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code echoServer:}: a built-in upstream that answers every request with a JSON description of it
 * (method, path, query, headers, body size). The body is counted as it streams, never held.
 */
public final class EchoServer {

  private EchoServer() {}

  public static Future<HttpServer> start(Vertx vertx, EchoServerConfig config) {
    return vertx.createHttpServer().requestHandler(EchoServer::handle).listen(config.port(), config.host());
  }

  private static void handle(HttpServerRequest request) {
    long[] bodySize = {0};
    request.handler(chunk -> bodySize[0] += chunk.length());
    request.endHandler(v -> {
      JsonObject headers = new JsonObject();
      for (Map.Entry<String, String> header : request.headers()) {
        JsonArray values = headers.getJsonArray(header.getKey());
        if (values == null) {
          headers.put(header.getKey(), values = new JsonArray());
        }
        values.add(header.getValue());
      }
      JsonObject description = new JsonObject()
          .put("method", request.method().name())
          .put("path", request.path())
          .put("query", request.query())
          .put("headers", headers)
          .put("bodySize", bodySize[0]);
      request.response().putHeader("Content-Type", "application/json").end(description.toBuffer());
    });
  }
}

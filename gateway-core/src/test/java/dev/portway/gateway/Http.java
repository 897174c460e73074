package dev.portway.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** A blocking test client over Vert.x: any header may be sent (java.net.http refuses hop-by-hop ones). */
public final class Http {

  private Http() {}

  /** A complete response, read before the future completes. */
  public record Response(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body.toJsonObject();
    }
  }

  public static Response get(HttpClient client, int port, String uri) {
    return send(client, new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri),
        null);
  }

  /** Sends {@code options} with {@code body} (or none) and waits for the whole response. */
  public static Response send(HttpClient client, RequestOptions options, Buffer body) {
    return exchange(client, options, body).await();
  }

  /** Sends {@code options} with {@code body} (or none); the future completes with the whole response. */
  public static Future<Response> exchange(HttpClient client, RequestOptions options, Buffer body) {
    // body() is asked for in the same event-loop task that sends the request, before the response can
    // arrive. Chained from the calling thread, it was attached to a future that could already be complete,
    // so Vert.x ran it in a later task: a short body that had arrived meanwhile was dropped (a 200, empty).
    return client.request(options)
        .compose(request -> (body == null ? request.send() : request.send(body))
            .compose(response -> response.body().map(b -> new Response(response.statusCode(), response.headers(), b))));
  }

  /** Opens a request and returns it unsent, for tests that stream or hold the body. */
  public static Future<HttpClientRequest> open(HttpClient client, int port, HttpMethod method, String uri) {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri));
  }
}

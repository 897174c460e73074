package dev.portway.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP/1.1 calls from the test JVM to the published ports. */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  /** Bounds every call, so a gateway that never answers fails the test instead of hanging it. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private Http() {}

  /** A new client (own connection pool): tests about connections must not reuse another test's. */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT);
  }

  public static HttpResponse<String> get(URI uri) {
    return send(client(), request(uri).GET().build());
  }

  public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET whose body is read by the caller as it arrives. */
  public static HttpResponse<InputStream> sendStreaming(URI uri) {
    HttpRequest request = request(uri).GET().build();
    try {
      return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON (status " + response.statusCode() + "): " + response.body(), e);
    }
  }
}

package dev.portway.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * One client request on its way through the gateway, as policies and listeners see it. Lives on the
 * request's event loop; not for use from other threads.
 */
public interface ProxyExchange {

  /** The {@code X-Request-Id} of this exchange (the client's, or one the gateway generated). */
  String requestId();

  /** The client's request. Its body belongs to the proxy: do not read or pause it. */
  HttpServerRequest request();

  HttpMethod method();

  /** The path the client asked for, without query string; never changes. */
  String originalPath();

  /** The path that will be sent upstream; policies change it with {@link #path(String)}. */
  String path();

  void path(String path);

  /** The query string (without {@code ?}) sent upstream, or {@code null}. */
  String query();

  /** Replaces the query string sent upstream ({@code null}: none); the client's stays in {@link #request()}. */
  void query(String query);

  /** Headers that will be sent upstream (hop-by-hop headers already removed). Mutable in {@link Policy#onRequest}. */
  MultiMap requestHeaders();

  /** Response headers that will be sent to the client. Mutable in {@link Policy#onResponse}. */
  MultiMap responseHeaders();

  /** The id of the matched route, or {@code null} when none matched. */
  String routeId();

  /** The upstream name, or {@code null} when the request did not get that far. */
  String upstreamName();

  /** {@code host:port} of the chosen target, or {@code null} when none was chosen. */
  String target();

  /** The status sent (or about to be sent) to the client; 0 before the response started. */
  int statusCode();

  /** How the upstream request ended. */
  UpstreamOutcome upstreamOutcome();

  /** Nanoseconds from sending the upstream request to its end; 0 when no upstream request was made. */
  long upstreamDurationNanos();

  /**
   * Values one policy hands to a later one of the same exchange (the API-key consumer, verified JWT
   * claims); keys are named after the policy that puts them.
   */
  Map<String, Object> attributes();

  /** Request body bytes read from the client. */
  long bytesIn();

  /** Response bytes written to the client (body, as Vert.x counts it). */
  long bytesOut();

  /** {@link System#nanoTime()} when the request arrived. */
  long startNanos();

  /** Epoch milliseconds when the request arrived. */
  long startMillis();

  /** How an upstream request ended; metric label {@code outcome}. */
  enum UpstreamOutcome {
    /** No upstream request was made (no route, a policy answered). */
    NONE("none"),
    /** A response came back and was relayed completely. */
    SUCCESS("success"),
    /** The connection was refused or could not be opened. */
    REFUSED("refused"),
    /** Connect, response or idle timeout. */
    TIMEOUT("timeout"),
    /** Reset, closed early, or the client went away. */
    ERROR("error");

    private final String label;

    UpstreamOutcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}

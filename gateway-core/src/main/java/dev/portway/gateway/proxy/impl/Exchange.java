package dev.portway.gateway.proxy.impl;

import dev.portway.gateway.proxy.ExchangeListener;
import dev.portway.gateway.proxy.ProxyExchange;
import dev.portway.gateway.proxy.ProxyRoute;
import dev.portway.gateway.tracing.TraceContext;
import dev.portway.gateway.upstream.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The state of one exchange; confined to the request's event loop. */
final class Exchange implements ProxyExchange {

  /** Logged when the client went away before a response was sent (nginx's convention). */
  static final int CLIENT_CLOSED_REQUEST = 499;

  private final HttpServerRequest request;
  private final ExchangeListener listener;
  private final String requestId;
  private final String host;
  private final MultiMap requestHeaders = HttpHeaders.headers();
  private final long startNanos = System.nanoTime();
  private final long startMillis = System.currentTimeMillis();
  private String path;
  private String query;
  private ProxyRoute route;
  private Target target;
  private HttpClientRequest upstreamRequest;
  private UpstreamOutcome outcome = UpstreamOutcome.NONE;
  private long upstreamStart;
  private long upstreamEnd;
  private int statusCode;
  private boolean completed;
  private Map<String, Object> attributes;

  /** {@code scheme} is the listener's, http or https: what the client connected with, whatever it claims. */
  Exchange(HttpServerRequest request, ExchangeListener listener, String scheme) {
    this.request = request;
    this.listener = listener;
    this.path = request.path();
    this.query = request.query();
    MultiMap incoming = request.headers();
    this.requestId = Headers.requestId(incoming);
    HostAndPort authority = request.authority();
    this.host = authority == null ? null : authority.host().toLowerCase(Locale.ROOT);
    Headers.copyEndToEnd(incoming, requestHeaders, true);
    requestHeaders.set(Headers.X_REQUEST_ID, requestId);
    TraceContext.propagate(incoming, requestHeaders);
    SocketAddress remote = request.remoteAddress();
    // The Host header as sent (HTTP/1.x); HTTP/2 has :authority instead, which Vert.x parsed.
    String forwardedHost = incoming.get(HttpHeaders.HOST);
    if (forwardedHost == null && authority != null) {
      forwardedHost = authority.toString();
    }
    Headers.setForwarded(requestHeaders, remote == null ? "unknown" : remote.hostAddress(), scheme,
        forwardedHost);
  }

  /** Lower-case host name the client asked for, without port; {@code null} when it named none. */
  String host() {
    return host;
  }

  ProxyRoute route() {
    return route;
  }

  void route(ProxyRoute route) {
    this.route = route;
  }

  void target(Target target) {
    this.target = target;
    this.upstreamStart = System.nanoTime();
  }

  /** The open upstream request, or {@code null}; reset when the client goes away. */
  HttpClientRequest upstreamRequest() {
    return upstreamRequest;
  }

  void upstreamRequest(HttpClientRequest upstreamRequest) {
    this.upstreamRequest = upstreamRequest;
  }

  /** The request line's target for the upstream: the (possibly rewritten) path and query. */
  String uri() {
    return query == null ? path : path + '?' + query;
  }

  void status(int statusCode) {
    this.statusCode = statusCode;
  }

  void upstreamDone(UpstreamOutcome outcome) {
    if (this.outcome == UpstreamOutcome.NONE && upstreamStart != 0) {
      this.outcome = outcome;
      this.upstreamEnd = System.nanoTime();
    }
  }

  boolean completed() {
    return completed;
  }

  /** Ends the exchange once: the listeners hear about it. */
  void complete() {
    if (completed) {
      return;
    }
    completed = true;
    listener.onComplete(this);
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public HttpServerRequest request() {
    return request;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String originalPath() {
    return request.path();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public void path(String path) {
    this.path = path;
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public void query(String query) {
    this.query = query;
  }

  @Override
  public MultiMap requestHeaders() {
    return requestHeaders;
  }

  @Override
  public MultiMap responseHeaders() {
    return request.response().headers();
  }

  @Override
  public String routeId() {
    return route == null ? null : route.id();
  }

  @Override
  public String upstreamName() {
    return target == null ? null : route.upstream().name();
  }

  @Override
  public String target() {
    return target == null ? null : target.authority();
  }

  @Override
  public int statusCode() {
    return statusCode;
  }

  @Override
  public UpstreamOutcome upstreamOutcome() {
    return outcome;
  }

  @Override
  public long upstreamDurationNanos() {
    return upstreamEnd == 0 ? 0 : upstreamEnd - upstreamStart;
  }

  @Override
  public Map<String, Object> attributes() {
    // Most exchanges carry none: the map is made on first use.
    if (attributes == null) {
      attributes = new HashMap<>(4);
    }
    return attributes;
  }

  @Override
  public long bytesIn() {
    return request.bytesRead();
  }

  @Override
  public long bytesOut() {
    return request.response().bytesWritten();
  }

  @Override
  public long startNanos() {
    return startNanos;
  }

  @Override
  public long startMillis() {
    return startMillis;
  }
}

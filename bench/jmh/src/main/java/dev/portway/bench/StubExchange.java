package dev.portway.bench;

import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/** A finished exchange as the listeners (metrics, access log) see it, without a server behind it. */
public final class StubExchange implements ProxyExchange {

  private final long startNanos = System.nanoTime() - 1_234_567;
  private final long startMillis = System.currentTimeMillis();
  private final MultiMap none = HttpHeaders.headers();

  @Override public String requestId() { return "4bf92f3577b34da6a3ce929d0e0e4736"; }
  @Override public HttpServerRequest request() { return null; }
  @Override public HttpMethod method() { return HttpMethod.GET; }
  @Override public String originalPath() { return "/hello"; }
  @Override public String path() { return "/hello"; }
  @Override public void path(String path) {}
  @Override public String query() { return null; }
  @Override public MultiMap requestHeaders() { return none; }
  @Override public MultiMap responseHeaders() { return none; }
  @Override public String routeId() { return "hello"; }
  @Override public String upstreamName() { return "bench"; }
  @Override public String target() { return "127.0.0.1:18080"; }
  @Override public int statusCode() { return 200; }
  @Override public UpstreamOutcome upstreamOutcome() { return UpstreamOutcome.SUCCESS; }
  @Override public long upstreamDurationNanos() { return 987_654; }
  @Override public long bytesIn() { return 0; }
  @Override public long bytesOut() { return 6; }
  @Override public long startNanos() { return startNanos; }
  @Override public long startMillis() { return startMillis; }

  // No @Override: methods that ProxyExchange gained with later features; compiles with or without them.
  public java.util.Map<String, Object> attributes() { return java.util.Map.of(); }
  public void query(String query) {}
}

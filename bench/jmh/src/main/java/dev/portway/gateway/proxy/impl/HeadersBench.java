package dev.portway.gateway.proxy.impl;

import dev.portway.bench.NanosecondBench;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The header work of one exchange, as Exchange and ProxyHandlerImpl do it: the upstream request's
 * headers (end-to-end copy, X-Request-Id, X-Forwarded-*) and the client response's headers.
 * "wrk" is what the load generator sends (Host only); "browser" a typical browser/API client request.
 */
public class HeadersBench extends NanosecondBench {

  private MultiMap wrkRequest;
  private MultiMap browserRequest;
  private MultiMap upstreamResponse;

  @Setup
  public void setup() {
    wrkRequest = HttpHeaders.headers().add("Host", "127.0.0.1:18090");
    browserRequest = HttpHeaders.headers()
        .add("Host", "api.example.com")
        .add("Connection", "keep-alive")
        .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")
        .add("Accept", "application/json, text/plain, */*")
        .add("Accept-Encoding", "gzip, deflate, br")
        .add("Accept-Language", "en-GB,en;q=0.9")
        .add("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl")
        .add("Cookie", "session=abc123; theme=dark")
        .add("X-Forwarded-For", "203.0.113.7")
        .add("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    upstreamResponse = HttpHeaders.headers()
        .add("Server", "nginx/1.22.1")
        .add("Date", "Sat, 28 Nov 2026 04:30:00 GMT")
        .add("Content-Type", "application/octet-stream")
        .add("Content-Length", "16384")
        .add("Last-Modified", "Sat, 28 Nov 2026 04:00:00 GMT")
        .add("Connection", "keep-alive")
        .add("ETag", "\"6748f2a0-4000\"")
        .add("Accept-Ranges", "bytes");
  }

  private static MultiMap upstreamRequestHeaders(MultiMap incoming) {
    String requestId = Headers.requestId(incoming);
    MultiMap out = HttpHeaders.headers();
    Headers.copyEndToEnd(incoming, out, true);
    out.set(Headers.X_REQUEST_ID, requestId);
    Headers.setForwarded(out, "127.0.0.1", "http", incoming.get("Host"));
    return out;
  }

  @Benchmark
  public MultiMap requestWrk() {
    return upstreamRequestHeaders(wrkRequest);
  }

  @Benchmark
  public MultiMap requestBrowser() {
    return upstreamRequestHeaders(browserRequest);
  }

  @Benchmark
  public MultiMap response() {
    MultiMap out = HttpHeaders.headers();
    Headers.copyEndToEnd(upstreamResponse, out, false);
    return out;
  }

  @Benchmark
  public String newRequestId() {
    return Headers.requestId(wrkRequest);
  }
}

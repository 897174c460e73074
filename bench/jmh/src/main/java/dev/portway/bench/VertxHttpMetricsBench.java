package dev.portway.bench;

import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * What Vert.x's own HTTP server meters (vertx-micrometer-metrics, as MetricsSetup configures them)
 * cost per request: requestBegin + requestEnd + responseBegin + responseEnd, as a server calls them.
 * The gateway's upstream client pays a similar amount again.
 */
public class VertxHttpMetricsBench extends NanosecondBench {

  private HttpServerMetrics<Object, Object> server;
  private final SocketAddress remote = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
  private final HttpRequest request = new HttpRequest() {
    private final MultiMap headers = HttpHeaders.headers().add("Host", "127.0.0.1:18090");
    @Override public long id() { return 1; }
    @Override public HttpVersion version() { return HttpVersion.HTTP_1_1; }
    @Override public String uri() { return "/hello"; }
    @Override public String absoluteURI() { return "http://127.0.0.1:18090/hello"; }
    @Override public HttpMethod method() { return HttpMethod.GET; }
    @Override public MultiMap headers() { return headers; }
    @Override public SocketAddress remoteAddress() { return remote; }
  };
  private final HttpResponse response = new HttpResponse() {
    private final MultiMap headers = HttpHeaders.headers().add("Content-Length", "6");
    @Override public int statusCode() { return 200; }
    @Override public MultiMap headers() { return headers; }
  };

  @SuppressWarnings("unchecked")
  @Setup
  public void setup() {
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("jmh").addLabels(Label.LOCAL)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxMetrics metrics = new MicrometerMetricsFactory(registry).metrics(new VertxOptions().setMetricsOptions(options));
    server = (HttpServerMetrics<Object, Object>) metrics.createHttpServerMetrics(
        new HttpServerConfig(new HttpServerOptions()), SocketAddress.inetSocketAddress(18090, "127.0.0.1"),
        SocketAddress.inetSocketAddress(18090, "127.0.0.1"));
  }

  @Benchmark
  public void vertxServerRequestMeters() {
    Object metric = server.requestBegin(remote, request);
    server.requestEnd(metric, request, 0);
    server.responseBegin(metric, response);
    server.responseEnd(metric, response, 6);
  }
}

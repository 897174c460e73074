package dev.portway.gateway.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpClientConfig;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TransportMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * Vert.x's metrics from vertx-micrometer-metrics without its per-request HTTP meters.
 *
 * <p>Those meters ({@code vertx_http_server_requests_total}, {@code _response_time_seconds},
 * {@code vertx_http_client_*} by request…) duplicate {@code portway_requests_total} and
 * {@code portway_upstream_*}, and vertx-micrometer-metrics builds their tags and looks them up in the
 * registry on every request, server and client side: about 15 % of the proxy's CPU under load
 * (docs/performance.md, decision 1003). Everything else is vertx-micrometer-metrics' own, unchanged:
 * connections and bytes on every listener and upstream ({@code vertx_http_server_active_connections},
 * {@code _bytes_read_total}…, recorded once per connection or per read/write on meters bound to the
 * connection), the upstream pools, the event bus and the JVM.
 */
final class ConnectionLevelVertxMetrics implements VertxMetrics {

  private static final HttpServerMetrics<Void, Void> NO_REQUEST_METERS = new HttpServerMetrics<>() {};
  private static final ClientMetrics<Void, Object, Object> NO_UPSTREAM_REQUEST_METERS = new ClientMetrics<>() {};

  private final VertxMetrics delegate;

  private ConnectionLevelVertxMetrics(VertxMetrics delegate) {
    this.delegate = delegate;
  }

  /** {@code factory}'s metrics (vertx-micrometer-metrics') without the per-request HTTP meters; options as it reads them. */
  static VertxMetricsFactory factory(VertxMetricsFactory factory) {
    return new VertxMetricsFactory() {
      @Override
      public VertxMetrics metrics(VertxOptions options) {
        return new ConnectionLevelVertxMetrics(factory.metrics(options));
      }

      @Override
      public MetricsOptions newOptions() {
        return factory.newOptions();
      }

      @Override
      public MetricsOptions newOptions(MetricsOptions options) {
        return factory.newOptions(options);
      }

      @Override
      public MetricsOptions newOptions(JsonObject json) {
        return factory.newOptions(json);
      }
    };
  }

  /**
   * No request-level meters: {@code portway_requests_total} and its histogram count every request. An
   * instance that records nothing rather than {@code null}, which would also switch off the connection's
   * transport metrics in Vert.x 5.1 (they would then fail on a missing socket metric).
   */
  @Override
  public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config, SocketAddress tcpLocalAddress,
      SocketAddress udpLocalAddress) {
    return NO_REQUEST_METERS;
  }

  /** No request-level meters: {@code portway_upstream_requests_total} and its histogram count every upstream request. */
  @Override
  public HttpClientMetrics<?, ?> createHttpClientMetrics(HttpClientConfig config) {
    HttpClientMetrics<?, ?> connections = delegate.createHttpClientMetrics(config);
    return connections == null ? null : new HttpClientMetrics<Void, Void>() {
      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      public ClientMetrics createEndpointMetrics(SocketAddress remoteAddress, int maxPoolSize) {
        return NO_UPSTREAM_REQUEST_METERS;
      }
    };
  }

  @Override
  public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config, String protocol, SocketAddress localAddress) {
    return delegate.createTcpServerMetrics(config, protocol, localAddress);
  }

  @Override
  public TransportMetrics<?> createTcpClientMetrics(TcpClientConfig config, String protocol) {
    return delegate.createTcpClientMetrics(config, protocol);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
    return delegate.createPoolMetrics(poolType, poolName, maxPoolSize);
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return delegate.createEventBusMetrics();
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return delegate.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return delegate.createDatagramSocketMetrics(options);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    delegate.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return delegate.isMetricsEnabled();
  }

  @Override
  public void close() {
    delegate.close();
  }
}

package dev.portway.gateway.auth;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.RouteSecurity;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.echo.EchoServer;
import dev.portway.gateway.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/** A gateway on loopback in front of the echo server, with routes that carry security keywords. */
public final class SecuredGateway {

  public final Vertx vertx = Vertx.vertx();
  public final PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
  public final HttpClient client = vertx.createHttpClient();
  private final int echo = EchoServer.start(vertx, new EchoServerConfig("127.0.0.1", 0)).await().actualPort();
  private Gateway gateway;

  /** A route on {@code path} to the echo server with {@code security}. */
  public static RouteConfig route(String id, String path, RouteSecurity security) {
    return new RouteConfig(id, 0, TestConfigs.match(path), "echo", null, null, TimeoutsConfig.DEFAULTS, null, security, null,
        null);
  }

  public SecuredGateway start(RouteConfig... routes) {
    return start(new ListenerConfig("127.0.0.1", 0), routes);
  }

  public SecuredGateway start(ListenerConfig listener, RouteConfig... routes) {
    GatewayConfig base = TestConfigs.gateway(List.of(TestConfigs.upstream("echo", echo)), List.of(routes));
    gateway = Gateway.start(vertx, new GatewayConfig(base.source(), listener, base.admin(), base.drainTimeout(),
        base.accessLog(), base.echoServer(), base.upstreams(), base.routes()), registry).await();
    return this;
  }

  public int port() {
    return gateway.port();
  }

  /** GET {@code uri} with {@code headers} (name, value, name, value...). */
  public Http.Response get(String uri, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return Http.send(client, new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port())
        .setURI(uri).setHeaders(map), null);
  }

  /** The value of {@code portway.auth.failures} for the tags, 0 when never counted. */
  public double failures(String route, String scheme, String reason) {
    var counter = registry.find(AuthFailures.METER).tags("route", route, "scheme", scheme, "reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  public void close() {
    vertx.close().await();
  }
}

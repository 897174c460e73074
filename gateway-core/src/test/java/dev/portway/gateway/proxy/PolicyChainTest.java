package dev.portway.gateway.proxy;

import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.UpstreamConfig;
import dev.portway.gateway.routing.Router;
import dev.portway.gateway.upstream.Upstream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where policies plug in: a request walks the chain forward (asynchronous steps included), the
 * response walks it backward, and a policy can answer instead of the upstream.
 */
class PolicyChainTest extends LoopbackTest {

  /** A proxy listener whose only route runs {@code policies} in front of the upstream on {@code upstreamPort}. */
  private int proxyWith(int upstreamPort, List<Policy> policies) {
    UpstreamConfig upstreamConfig = upstream("up", upstreamPort);
    GatewayConfig config = TestConfigs.gateway(List.of(upstreamConfig), List.of(route("r", "/**", "up")));
    Upstream live = Upstream.create(vertx, upstreamConfig, new SimpleMeterRegistry());
    Snapshot snapshot = new Snapshot(config,
        Router.compile(config.routes(), r -> new ProxyRoute(r, live, policies)), Map.of("up", live));
    ProxyHandler proxy = ProxyHandler.create(() -> snapshot, exchange -> {}, false);
    return vertx.createHttpServer().requestHandler(proxy).listen(0, "127.0.0.1").await().actualPort();
  }

  private int upstreamEchoingPathAndHeader() {
    return vertx.createHttpServer().requestHandler(request -> request.response()
            .putHeader("X-Seen-Order", String.valueOf(request.getHeader("X-Order")))
            .end(request.path()))
        .listen(0, "127.0.0.1").await().actualPort();
  }

  /** Appends its name to X-Order on the way in and to X-Back on the way out, after an asynchronous pause. */
  private Policy named(String name, List<String> trace) {
    return new Policy() {
      @Override
      public Future<Void> onRequest(ProxyExchange exchange) {
        Promise<Void> later = Promise.promise();
        vertx.setTimer(1, id -> {
          String order = exchange.requestHeaders().get("X-Order");
          exchange.requestHeaders().set("X-Order", order == null ? name : order + "," + name);
          exchange.path(exchange.path() + "/" + name);
          trace.add("request " + name);
          later.complete();
        });
        return later.future();
      }

      @Override
      public void onResponse(ProxyExchange exchange) {
        String back = exchange.responseHeaders().get("X-Back");
        exchange.responseHeaders().set("X-Back", back == null ? name : back + "," + name);
        trace.add("response " + name);
      }
    };
  }

  @Test
  void requestWalksForwardAndResponseBackward() {
    List<String> trace = new CopyOnWriteArrayList<>();
    int port = proxyWith(upstreamEchoingPathAndHeader(), List.of(named("a", trace), named("b", trace)));

    Response response = Http.get(client, port, "/p");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().toString()).isEqualTo("/p/a/b");
    assertThat(response.headers().get("X-Seen-Order")).isEqualTo("a,b");
    assertThat(response.headers().get("X-Back")).isEqualTo("b,a");
    assertThat(trace).containsExactly("request a", "request b", "response b", "response a");
  }

  @Test
  void aPolicyCanAnswerInsteadOfTheUpstream() {
    List<String> trace = new CopyOnWriteArrayList<>();
    Policy deny = new Policy() {
      @Override
      public Future<Void> onRequest(ProxyExchange exchange) {
        return Future.failedFuture(new ProxyException(401, "unauthorized", "a token is required"));
      }
    };
    AtomicInteger upstreamCalls = new AtomicInteger();
    int upstream = vertx.createHttpServer().requestHandler(request -> {
      upstreamCalls.incrementAndGet();
      request.response().end();
    }).listen(0, "127.0.0.1").await().actualPort();
    int port = proxyWith(upstream, List.of(deny, named("never", trace)));

    Response response = Http.send(client, new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/secret")
        .putHeader("X-Request-Id", "req-1"), null);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().getString("error")).isEqualTo("unauthorized");
    assertThat(response.json().getString("message")).isEqualTo("a token is required");
    assertThat(response.json().getString("requestId")).isEqualTo("req-1");
    assertThat(trace).isEmpty();
    assertThat(upstreamCalls.get()).isZero();
  }
}

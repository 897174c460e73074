package dev.portway.gateway.proxy;

import dev.portway.gateway.proxy.impl.ProxyHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;

/**
 * The request path of the gateway, as the traffic listener's request handler: route, run the route's
 * policies, forward to a target of its upstream with both bodies streamed, relay the response.
 * A handler serves one server, on that server's event loop: its response timeouts are confined to it.
 */
public interface ProxyHandler extends Handler<HttpServerRequest> {

  /**
   * @param snapshot read once per request, so a swapped-in snapshot takes the next request
   * @param listener told about every finished exchange
   * @param tls whether the listener this handler serves speaks TLS: the scheme the upstream hears of in
   *     X-Forwarded-Proto (asking each request's connection costs a pipeline search per request)
   */
  static ProxyHandler create(Supplier<Snapshot> snapshot, ExchangeListener listener, boolean tls) {
    return new ProxyHandlerImpl(snapshot, listener, tls ? "https" : "http");
  }
}

package dev.portway.gateway.proxy;

import io.vertx.core.Future;

/**
 * One step of a route's chain. A request walks the chain forward ({@link #onRequest}) before it is sent
 * upstream, and the response walks it backward ({@link #onResponse}) before its head is sent to the
 * client. Policies run on the request's event loop and never block; an asynchronous policy (a token
 * check, a rate-limit lookup) returns a future that completes later.
 *
 * <p>To stop a request, fail the future with a {@link ProxyException}: the gateway answers with its
 * status and JSON body and skips the rest of the chain and the upstream.
 */
public interface Policy {

  /** Inspects or changes the outgoing request ({@link ProxyExchange#path()}, headers). */
  default Future<Void> onRequest(ProxyExchange exchange) {
    return Future.succeededFuture();
  }

  /** Inspects or changes the response head ({@link ProxyExchange#responseHeaders()}) before it is sent. */
  default void onResponse(ProxyExchange exchange) {}

  /**
   * Adds to the head of an answer the gateway gives itself (a policy's refusal, a 502) on this route,
   * in {@link ProxyExchange#responseHeaders()}; for headers a client needs to read any answer (CORS).
   */
  default void onGatewayAnswer(ProxyExchange exchange) {}
}

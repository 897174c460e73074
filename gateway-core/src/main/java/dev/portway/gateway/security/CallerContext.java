package dev.portway.gateway.security;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Brings an asynchronous answer back to the event loop of the request that waits for it. A JWKS fetch
 * or a Redis reply completes on the context of the connection that carried it, which may belong to
 * another traffic server's event loop; the exchange, confined to its own, must not continue there.
 */
public final class CallerContext {

  private CallerContext() {}

  /** {@code future}, completing on the current context; as is when already complete or off any context. */
  public static <T> Future<T> resume(Future<T> future) {
    Context caller = Vertx.currentContext();
    if (future.isComplete() || caller == null) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(result -> caller.runOnContext(v -> promise.handle(result)));
    return promise.future();
  }
}

package dev.portway.gateway.ratelimit;

import io.vertx.core.Future;

/** Where the token buckets of one route live: in this gateway, or in Redis shared by several. */
interface Buckets {

  /** Takes one token from {@code key}'s bucket if it has one. */
  Future<Decision> take(String key);
}

package dev.portway.gateway.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One Redis client per Vert.x instance and URL, shared by every route and every config reload: a
 * reload builds new policies, and a client (with its connection pool) per build would pile up.
 */
final class RedisClients {

  private static final Map<Vertx, Map<String, Redis>> CLIENTS = new WeakHashMap<>();

  private RedisClients() {}

  static synchronized Redis of(Vertx vertx, String url) {
    return CLIENTS.computeIfAbsent(vertx, v -> new HashMap<>()).computeIfAbsent(url, u -> Redis.createClient(vertx,
        new RedisOptions().setConnectionString(u).setMaxPoolSize(8).setMaxPoolWaiting(1024)));
  }
}

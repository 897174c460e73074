package dev.portway.gateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets in Redis, shared by every gateway pointing at the same server: one hash per key,
 * updated by a Lua script that Redis runs atomically, on Redis's own clock (gateways' clocks may
 * differ). The script is sent by its SHA-1 and uploaded once when Redis does not know it yet.
 * Redis answering late or not at all is the caller's to decide ({@code failOpen}).
 */
final class RedisBuckets implements Buckets {

  /**
   * KEYS[1] the bucket; ARGV: capacity, tokens per millisecond. Returns allowed (0/1), whole tokens
   * left, milliseconds until the next token, milliseconds until full. The key expires once it would be
   * full again, so idle buckets cost no memory.
   */
  static final String SCRIPT = String.join("\n",
      "local capacity = tonumber(ARGV[1])",
      "local rate = tonumber(ARGV[2])",
      "local time = redis.call('TIME')",
      "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
      "local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'updated')",
      "local tokens = tonumber(bucket[1]) or capacity",
      "local updated = tonumber(bucket[2]) or now",
      "tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)",
      "local allowed = 0",
      "if tokens >= 1 then tokens = tokens - 1; allowed = 1 end",
      "local reset = math.ceil((capacity - tokens) / rate)",
      "redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', now)",
      "redis.call('PEXPIRE', KEYS[1], reset + 1000)",
      "local retry = 0",
      "if allowed == 0 then retry = math.ceil((1 - tokens) / rate) end",
      "return {allowed, math.floor(tokens), retry, reset}");

  private final Redis redis;
  private final String prefix;
  private final String capacity;
  private final String perMilli;
  private final long timeoutMillis;
  private volatile String sha;

  RedisBuckets(Redis redis, String prefix, int capacity, double perMilli, Duration timeout) {
    this.redis = redis;
    this.prefix = prefix;
    this.capacity = Integer.toString(capacity);
    this.perMilli = Double.toString(perMilli);
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public Future<Decision> take(String key) {
    return run(key).timeout(timeoutMillis, TimeUnit.MILLISECONDS).map(RedisBuckets::decision);
  }

  private Future<Response> run(String key) {
    String known = sha;
    Future<Response> first = known == null ? load().compose(loaded -> evalsha(loaded, key)) : evalsha(known, key);
    return first.recover(failure -> failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")
        // Redis restarted or was flushed: upload the script again.
        ? load().compose(loaded -> evalsha(loaded, key))
        : Future.failedFuture(failure));
  }

  private Future<String> load() {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).map(response -> {
      sha = response.toString();
      return sha;
    });
  }

  private Future<Response> evalsha(String script, String key) {
    return redis.send(Request.cmd(Command.EVALSHA).arg(script).arg(1).arg(prefix + key).arg(capacity).arg(perMilli));
  }

  private static Decision decision(Response response) {
    return new Decision(response.get(0).toLong() == 1, response.get(1).toLong(), response.get(2).toLong(),
        response.get(3).toLong());
  }
}

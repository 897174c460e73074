package dev.portway.gateway.auth;

import dev.portway.gateway.config.ApiKeyConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.Future;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code apiKey:} the key from a header or query parameter, hashed with SHA-256 and compared in constant
 * time with every stored hash (docs/decisions/0801-api-keys-stored-as-sha-256.md). A match passes the
 * consumer's name upstream in {@code consumerHeader} (whatever the client sent there is dropped) and the
 * key header or query parameter is not forwarded. No key or an unknown key: 401.
 */
public final class ApiKey implements Policy {

  /** {@link ProxyExchange#attributes()} key of the authenticated consumer's name. */
  public static final String CONSUMER = "apiKey.consumer";

  private final ApiKeyConfig config;
  private final List<Consumer> consumers;
  private final AuthFailures failures;
  private final ProxyException unauthorized;

  private record Consumer(String name, byte[] sha256) {}

  public ApiKey(ApiKeyConfig config, AuthFailures failures) {
    this.config = config;
    this.consumers = config.consumers().stream()
        .map(consumer -> new Consumer(consumer.name(), HexFormat.of().parseHex(consumer.sha256())))
        .toList();
    this.failures = failures;
    String where = config.header() != null ? "header=\"" + config.header() + "\"" : "query=\"" + config.query() + "\"";
    this.unauthorized = new ProxyException(401, "unauthorized", "a valid API key is required",
        Map.of("WWW-Authenticate", "ApiKey realm=\"portway\", " + where));
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    exchange.requestHeaders().remove(config.consumerHeader());
    String key = presented(exchange);
    if (key == null || key.isEmpty()) {
      failures.count("missing");
      return Future.failedFuture(unauthorized);
    }
    String consumer = match(sha256(key));
    if (consumer == null) {
      failures.count("invalid");
      return Future.failedFuture(unauthorized);
    }
    exchange.attributes().put(CONSUMER, consumer);
    exchange.requestHeaders().set(config.consumerHeader(), consumer);
    return Future.succeededFuture();
  }

  private String presented(ProxyExchange exchange) {
    if (config.header() != null) {
      String key = exchange.requestHeaders().get(config.header());
      if (key != null) {
        exchange.requestHeaders().remove(config.header());
        return key;
      }
    }
    if (config.query() == null) {
      return null;
    }
    String key = exchange.request().getParam(config.query());
    if (key != null) {
      exchange.query(withoutParameter(exchange.query(), config.query()));
    }
    return key;
  }

  /**
   * {@code query} without the parameter {@code name}, so the key does not reach the upstream (nor its
   * access logs); the other parameters keep their order and encoding. {@code null} when nothing is left.
   */
  static String withoutParameter(String query, String name) {
    StringJoiner kept = new StringJoiner("&");
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (!decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        kept.add(pair);
      }
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  /** A parameter name as {@link io.vertx.core.http.HttpServerRequest#getParam} sees it; a malformed one stays as sent. */
  private static String decode(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  /** Compares against every consumer without stopping at a match, so the time taken tells nothing. */
  private String match(byte[] hash) {
    String found = null;
    for (Consumer consumer : consumers) {
      if (MessageDigest.isEqual(consumer.sha256(), hash) && found == null) {
        found = consumer.name();
      }
    }
    return found;
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

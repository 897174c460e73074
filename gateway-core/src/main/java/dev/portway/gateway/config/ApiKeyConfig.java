package dev.portway.gateway.config;

import java.util.List;

/**
 * {@code apiKey:} on a route: the client sends a key in a header or a query parameter; the gateway
 * compares its SHA-256 with the stored hashes and passes the consumer's name upstream.
 *
 * @param header         header carrying the key, or {@code null}
 * @param query          query parameter carrying the key, or {@code null}
 * @param consumerHeader header set upstream to the consumer's name
 * @param consumers      the known keys (inline ones, then those of {@code consumersFile})
 */
public record ApiKeyConfig(String header, String query, String consumerHeader, List<Consumer> consumers) {

  public ApiKeyConfig {
    consumers = List.copyOf(consumers);
  }

  /** One consumer: a name and the lower-case hex SHA-256 of its key. */
  public record Consumer(String name, String sha256) {}
}

package dev.portway.gateway.config;

import java.util.List;
import java.util.Map;

/**
 * {@code match:} of a route. Every given condition must hold.
 *
 * @param hosts   exact host names or {@code *.example.com} wildcards; empty = any host
 * @param path    {@code /exact}, {@code /prefix/**} or a template such as {@code /users/{id}}; {@code null} = any path
 * @param methods upper-case HTTP methods; empty = any method
 * @param headers header name → exact value that must be present; empty = no header condition
 */
public record MatchConfig(List<String> hosts, String path, List<String> methods, Map<String, String> headers) {

  public MatchConfig {
    hosts = List.copyOf(hosts);
    methods = List.copyOf(methods);
    headers = Map.copyOf(headers);
  }
}

package dev.portway.gateway.config;

import java.util.List;
import java.util.Map;

/**
 * {@code match:} of a route. Every given condition must hold.
 *
 * @param hosts   exact host names or {@code *.example.com} wildcards; empty = any host
 * @param path    {@code /exact}, {@code /prefix/**} or a template such as {@code /users/{id}}; {@code null} = any path
 * @param methods upper-case HTTP methods; empty = any method
 * @param headers     header name → exact value that must be present; empty = no header condition
 * @param pathRegex   a Java regex the whole path must match, instead of {@code path}; {@code null} = none
 * @param headerRegex header name → Java regex its (first) value must match entirely
 * @param query       query parameter name → exact (decoded) value of its first occurrence
 * @param queryRegex  query parameter name → Java regex its (first, decoded) value must match entirely
 */
public record MatchConfig(List<String> hosts, String path, List<String> methods, Map<String, String> headers,
    String pathRegex, Map<String, String> headerRegex, Map<String, String> query, Map<String, String> queryRegex) {

  public MatchConfig {
    hosts = List.copyOf(hosts);
    methods = List.copyOf(methods);
    headers = Map.copyOf(headers);
    headerRegex = Map.copyOf(headerRegex);
    query = Map.copyOf(query);
    queryRegex = Map.copyOf(queryRegex);
  }
}

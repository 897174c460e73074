package dev.portway.gateway.config;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The route path syntax: {@code /exact}, {@code /prefix/**}, templates such as {@code /users/{id}}
 * (a variable is a whole segment), and a template ending in {@code /**}.
 */
final class PathPatterns {

  private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");

  private PathPatterns() {}

  /** What is wrong with {@code pattern}, or empty when the router can take it. */
  static Optional<String> problem(String pattern) {
    if (!pattern.startsWith("/")) {
      return Optional.of("must start with /");
    }
    if (pattern.contains("?") || pattern.contains("#")) {
      return Optional.of("must not contain a query (?) or fragment (#)");
    }
    if (pattern.contains("//")) {
      return Optional.of("must not contain an empty segment (//)");
    }
    String[] segments = pattern.substring(1).split("/", -1);
    Set<String> variables = new HashSet<>();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals("**")) {
        if (!last) {
          return Optional.of("'**' is only allowed as the last segment, as in /prefix/**");
        }
      } else if (segment.contains("*")) {
        return Optional.of("'*' is only allowed as a whole last segment '**', as in /prefix/**");
      } else if (segment.contains("{") || segment.contains("}")) {
        if (!VARIABLE.matcher(segment).matches()) {
          return Optional.of("a template variable must be a whole segment such as {id}, got '" + segment + "'");
        }
        if (!variables.add(segment)) {
          return Optional.of("template variable " + segment + " appears twice");
        }
      }
    }
    return Optional.empty();
  }
}

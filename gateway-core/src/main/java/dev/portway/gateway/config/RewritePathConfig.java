package dev.portway.gateway.config;

/**
 * {@code rewritePath:} of a route: the path (after {@code stripPrefix}) is matched against {@code regex}
 * and replaced by {@code replacement}, which may name groups ({@code $1}, {@code ${name}}).
 */
public record RewritePathConfig(String regex, String replacement) {}

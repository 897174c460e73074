package dev.portway.gateway.config;

/** {@code accessLog:} in the config: one JSON line per request through SLF4J logger {@code portway.access}. */
public record AccessLogConfig(boolean enabled) {}

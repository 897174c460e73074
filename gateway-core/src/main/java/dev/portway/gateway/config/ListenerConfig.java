package dev.portway.gateway.config;

/** The traffic listener: {@code listener:} in the config. */
public record ListenerConfig(String host, int port) {}

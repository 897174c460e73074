package dev.portway.gateway.config;

/** The admin listener, kept apart from traffic: {@code admin:} in the config. */
public record AdminConfig(String host, int port) {}

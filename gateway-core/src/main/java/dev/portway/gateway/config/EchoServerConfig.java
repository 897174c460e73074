package dev.portway.gateway.config;

/**
 * {@code echoServer:} in the config: a built-in upstream that answers every request with a JSON
 * description of it, so the embedded default config is useful without any other server.
 */
public record EchoServerConfig(String host, int port) {}

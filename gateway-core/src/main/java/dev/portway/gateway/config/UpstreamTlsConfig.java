package dev.portway.gateway.config;

import java.nio.file.Path;

/**
 * {@code upstreams.<name>.tls:} how the gateway talks TLS to {@code https://} targets.
 *
 * @param caFile         PEM certificates the targets' chains must lead to, or {@code null} for the JVM's
 * @param certFile       the gateway's client certificate chain (PEM) for mutual TLS, or {@code null}
 * @param keyFile        its private key (PEM); given exactly when {@code certFile} is
 * @param verifyHostname whether the target's certificate must name the host of its URL
 */
public record UpstreamTlsConfig(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {}

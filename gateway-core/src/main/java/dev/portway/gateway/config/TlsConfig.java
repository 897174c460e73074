package dev.portway.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code listener.tls:} TLS termination on the traffic listener.
 *
 * @param certificates   PEM certificate chains with their keys; the client's SNI name picks one, the first
 *                       is the default
 * @param reloadInterval how often the files are checked for changes (zero = never)
 */
public record TlsConfig(List<Certificate> certificates, Duration reloadInterval) {

  public TlsConfig {
    certificates = List.copyOf(certificates);
    Objects.requireNonNull(reloadInterval, "reloadInterval");
  }

  /** One {@code certificates:} entry: a PEM chain ({@code certFile}) and its PEM private key ({@code keyFile}). */
  public record Certificate(Path certFile, Path keyFile) {}
}

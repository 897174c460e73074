package dev.portway.gateway.tls;

import dev.portway.gateway.config.UpstreamTlsConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * {@code upstreams.<name>.tls}: the trust anchors for {@code https://} targets (a private CA instead of
 * the JVM's), the client certificate the gateway shows them (mutual TLS) and host-name verification.
 * TLS 1.2 and 1.3 only, as on the listener.
 */
public final class UpstreamTls {

  private UpstreamTls() {}

  /** Applies {@code tls} to the options of an upstream's client; nothing when it is {@code null}. */
  public static void apply(HttpClientOptions options, UpstreamTlsConfig tls) {
    if (tls != null) {
      trustAndIdentity(options, tls);
      options.setVerifyHost(tls.verifyHostname());
    }
  }

  /** The same for the upstream's WebSocket client (proxied WebSockets to {@code https://} targets). */
  public static void apply(WebSocketClientOptions options, UpstreamTlsConfig tls) {
    if (tls != null) {
      trustAndIdentity(options, tls);
      options.setVerifyHost(tls.verifyHostname());
    }
  }

  private static void trustAndIdentity(ClientOptionsBase options, UpstreamTlsConfig tls) {
    if (tls.caFile() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString()));
    }
    if (tls.certFile() != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile().toString())
          .setKeyPath(tls.keyFile().toString()));
    }
    options.setEnabledSecureTransportProtocols(ListenerTls.PROTOCOLS);
  }
}

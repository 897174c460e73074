package dev.portway.gateway.tls;

import dev.portway.gateway.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code listener.tls}: TLS termination with one PEM certificate per host name, picked by the client's
 * SNI name (the first certificate when the client sends none or an unknown one), TLS 1.2 and 1.3 only,
 * and the files re-read every {@code reloadInterval}: changed certificates apply to new handshakes
 * without a restart, open connections keep theirs.
 *
 * <p>ALPN (h2 over TLS) is the HTTP layer's choice, not TLS's: set {@code useAlpn} and the ALPN versions
 * on the options after {@link #configure}; a reload keeps them.
 */
public final class ListenerTls {

  /** TLS 1.0 and 1.1 are deprecated (RFC 8996). */
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);

  private final Vertx vertx;
  private final TlsConfig config;
  private final boolean alpn;
  private final Supplier<List<HttpServer>> servers;
  private List<Buffer> loaded;
  private long timer = -1;

  private ListenerTls(Vertx vertx, TlsConfig config, boolean alpn, Supplier<List<HttpServer>> servers) {
    this.vertx = vertx;
    this.config = config;
    this.alpn = alpn;
    this.servers = servers;
  }

  /** Turns TLS on in {@code options} with the configured certificates (read when the server binds). */
  public static void configure(HttpServerOptions options, TlsConfig tls) {
    PemKeyCertOptions pem = new PemKeyCertOptions();
    for (TlsConfig.Certificate certificate : tls.certificates()) {
      pem.addCertPath(certificate.certFile().toString()).addKeyPath(certificate.keyFile().toString());
    }
    options.setSsl(true).setSni(true).setKeyCertOptions(pem).setEnabledSecureTransportProtocols(PROTOCOLS);
  }

  /**
   * Starts checking the files of {@code tls} every reload interval and swaps changed ones into every
   * server {@code servers} gives; {@code options} are the ones the servers were bound with.
   */
  public static Future<ListenerTls> watch(Vertx vertx, TlsConfig tls, HttpServerOptions options,
      Supplier<List<HttpServer>> servers) {
    ListenerTls watcher = new ListenerTls(vertx, tls, options.isUseAlpn(), servers);
    if (tls.reloadInterval().isZero()) {
      return Future.succeededFuture(watcher);
    }
    return watcher.read().map(files -> {
      watcher.loaded = files;
      watcher.timer = vertx.setPeriodic(tls.reloadInterval().toMillis(), id -> watcher.check());
      return watcher;
    });
  }

  /** Re-reads the files now and applies them if they changed; the future tells whether they did. */
  public Future<Boolean> check() {
    return read().compose(files -> {
      if (files.equals(loaded)) {
        return Future.succeededFuture(false);
      }
      ServerSSLOptions ssl = sslOptions(files);
      List<Future<Boolean>> updates = new ArrayList<>();
      for (HttpServer server : servers.get()) {
        updates.add(server.updateSSLOptions(ssl));
      }
      return Future.all(updates).map(v -> {
        loaded = files;
        LOG.info("listener certificates reloaded from {}", config.certificates());
        return true;
      });
    }).onFailure(failure ->
        // A half-written file must not take TLS down: keep serving the certificates in force.
        LOG.warn("listener certificates not reloaded, keeping the current ones: {}", failure.toString()));
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Every certificate file then its key file, in config order. */
  private Future<List<Buffer>> read() {
    List<Future<Buffer>> reads = new ArrayList<>();
    for (TlsConfig.Certificate certificate : config.certificates()) {
      reads.add(read(certificate.certFile()));
      reads.add(read(certificate.keyFile()));
    }
    return Future.all(reads).map(all -> all.<Buffer>list());
  }

  private Future<Buffer> read(Path file) {
    return vertx.fileSystem().readFile(file.toString());
  }

  private ServerSSLOptions sslOptions(List<Buffer> files) {
    PemKeyCertOptions pem = new PemKeyCertOptions();
    for (int i = 0; i < files.size(); i += 2) {
      pem.addCertValue(files.get(i)).addKeyValue(files.get(i + 1));
    }
    return new ServerSSLOptions().setSni(true).setKeyCertOptions(pem).setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(alpn);
  }
}

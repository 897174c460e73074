package dev.portway.gateway;

import dev.portway.gateway.accesslog.AccessLog;
import dev.portway.gateway.admin.AdminServer;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.TlsConfig;
import dev.portway.gateway.echo.EchoServer;
import dev.portway.gateway.metrics.GatewayMetrics;
import dev.portway.gateway.proxy.ExchangeListener;
import dev.portway.gateway.proxy.ProxyHandler;
import dev.portway.gateway.proxy.Snapshot;
import dev.portway.gateway.reload.ConfigReloader;
import dev.portway.gateway.security.ListenerLimits;
import dev.portway.gateway.security.RequestGuard;
import dev.portway.gateway.tls.ListenerTls;
import dev.portway.gateway.upstream.Upstream;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

final class GatewayImpl implements Gateway {

  /**
   * One traffic server per core, each on its own event loop, sharing the port: Vert.x spreads
   * connections across them, so the proxy uses every core.
   */
  static final int LISTENER_INSTANCES = Runtime.getRuntime().availableProcessors();

  /** How long the upstream clients a new config replaced keep taking requests before they drain and close. */
  static final Duration RETIRE_AFTER = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final AtomicReference<Snapshot> snapshot;
  private final ConfigReloader reloader;
  private final List<HttpServer> trafficServers = new CopyOnWriteArrayList<>();
  private volatile boolean ready;
  private HttpServer echoServer;
  private HttpServer adminServer;
  private ListenerTls listenerTls;

  private GatewayImpl(Vertx vertx, PrometheusMeterRegistry registry, Snapshot snapshot) {
    this.vertx = vertx;
    this.registry = registry;
    this.snapshot = new AtomicReference<>(snapshot);
    // A reload is done once the new snapshot serves; the old one's drain goes on without holding it up.
    this.reloader = ConfigReloader.create(vertx, registry, this::config, next -> {
      apply(next);
      return Future.succeededFuture();
    });
  }

  static Future<Gateway> start(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    GatewayImpl gateway = new GatewayImpl(vertx, registry, Snapshot.compile(vertx, config, registry));
    return gateway.startListeners(config)
        .<Gateway>map(v -> {
          gateway.ready = true;
          return gateway;
        })
        .recover(failure -> gateway.shutdown(Duration.ZERO).transform(v -> Future.failedFuture(failure)));
  }

  private Future<Void> startListeners(GatewayConfig config) {
    List<ExchangeListener> listeners = new ArrayList<>();
    listeners.add(new GatewayMetrics(registry));
    AccessLog accessLog = AccessLog.create(config.accessLog());
    if (accessLog != null) {
      listeners.add(accessLog);
    }
    TlsConfig tls = config.listener().tls();
    ExchangeListener exchanges = ExchangeListener.all(listeners);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.listener().host())
        .setPort(config.listener().port())
        .setTcpNoDelay(true)
        // Uploads are relayed in pieces as large as the socket reads, as responses are (Upstream.MAX_CHUNK_SIZE).
        .setMaxChunkSize(Upstream.MAX_CHUNK_SIZE)
        // Opt-in: with h2c on, Vert.x answers a request that names h2c in Upgrade without a complete
        // upgrade with a 400 that has no length and keeps the connection open (decision 0703).
        .setHttp2ClearTextEnabled(config.listener().h2c())
        .setHandle100ContinueAutomatically(true);
    ListenerLimits.apply(options, config.listener().limits());
    if (tls != null) {
      ListenerTls.configure(options, tls);
      if (config.listener().http2()) {
        // h2 over TLS is chosen in the handshake; ListenerTls keeps this on certificate reloads.
        options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
      }
    }

    EchoServerConfig echoConfig = config.echoServer();
    Future<?> echo = echoConfig == null
        ? Future.succeededFuture()
        : naming(EchoServer.start(vertx, echoConfig), "echo server", echoConfig.host(), echoConfig.port())
            .onSuccess(server -> echoServer = server);
    return echo
        // A proxy handler per server: each is confined to its server's event loop (its response timeouts are).
        .compose(v -> naming(vertx.deployVerticle(
            () -> new TrafficVerticle(options, ProxyHandler.create(snapshot::get, exchanges, tls != null)),
            new DeploymentOptions().setInstances(LISTENER_INSTANCES)), "traffic listener",
            config.listener().host(), config.listener().port()))
        .compose(v -> tls == null ? Future.succeededFuture()
            : ListenerTls.watch(vertx, tls, options, () -> trafficServers).onSuccess(watcher -> listenerTls = watcher))
        .compose(v -> naming(AdminServer.start(vertx, config.admin(), registry, this::ready, snapshot::get,
            reloader), "admin listener",
            config.admin().host(), config.admin().port()))
        .onSuccess(server -> adminServer = server)
        .mapEmpty();
  }

  /** Names the listener in a bind failure: "traffic listener 0.0.0.0:8080: Address already in use". */
  private static <T> Future<T> naming(Future<T> binding, String what, String host, int port) {
    return binding.recover(failure -> Future.failedFuture(
        new IllegalStateException(what + " " + host + ":" + port + ": " + failure.getMessage(), failure)));
  }

  /** Binds one traffic server on its own event loop. */
  private final class TrafficVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final ProxyHandler proxy;

    TrafficVerticle(HttpServerOptions options, ProxyHandler proxy) {
      this.options = options;
      this.proxy = proxy;
    }

    @Override
    public Future<?> start() {
      // Port 0 would give each instance a random port of its own; Vert.x shares one random port among
      // the servers that listen on -1.
      int port = options.getPort() == 0 ? -1 : options.getPort();
      return vertx.createHttpServer(options).requestHandler(proxy)
          .invalidRequestHandler(RequestGuard::refuseInvalid)
          .listen(port, options.getHost())
          .onSuccess(trafficServers::add);
    }
  }

  @Override
  public GatewayConfig config() {
    return snapshot.get().config();
  }

  @Override
  public int port() {
    return trafficServers.get(0).actualPort();
  }

  @Override
  public int adminPort() {
    return adminServer.actualPort();
  }

  @Override
  public int echoPort() {
    return echoServer == null ? -1 : echoServer.actualPort();
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Synchronized: two racing applies could both keep an upstream of one previous snapshot, and one retire it. */
  @Override
  public synchronized Future<Void> apply(GatewayConfig config) {
    Snapshot previous = snapshot.get();
    Snapshot next = Snapshot.compile(vertx, config, registry, previous);
    snapshot.set(next);
    // A request that read the previous snapshot just before the swap may still be in its policies, not
    // yet at its upstream: a client already shutting down would refuse it. Its pools stay open a moment.
    Promise<Void> retired = Promise.promise();
    vertx.setTimer(RETIRE_AFTER.toMillis(), id -> previous.retire(next, config.drainTimeout()).onComplete(retired));
    return retired.future();
  }

  @Override
  public Future<GatewayConfig> reload(String trigger) {
    return reloader.reload(trigger);
  }

  @Override
  public Future<Void> shutdown(Duration drain) {
    ready = false;
    if (listenerTls != null) {
      listenerTls.stop();
    }
    List<Future<Void>> stopping = new ArrayList<>();
    for (HttpServer server : trafficServers) {
      stopping.add(server.shutdown(drain));
    }
    // Upstreams and the echo server stay up while the traffic listener drains: in-flight requests use them.
    return Future.join(stopping)
        .transform(v -> snapshot.get().shutdown(Duration.ZERO))
        .transform(v -> echoServer == null ? Future.succeededFuture() : echoServer.close())
        .transform(v -> adminServer == null ? Future.succeededFuture() : adminServer.close())
        .mapEmpty();
  }
}

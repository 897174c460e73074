package dev.portway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portway.gateway.Eventually;
import dev.portway.gateway.Gateway;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.IpRulesConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.RouteSecurity;
import dev.portway.gateway.metrics.GatewayMetrics;
import dev.portway.gateway.security.Networks;
import dev.portway.gateway.config.TimeoutsConfig;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** WebSockets through the gateway to a real upstream WebSocket server on loopback. */
class WebSocketProxyTest extends LoopbackTest {

  private static final short POLICY_VIOLATION = 1008;

  /**
   * Held for the whole test: Vert.x closes an unreachable WebSocket client's connections when the
   * garbage collector finds it (1000, "normal closure"), which mid-transfer looks like a relay bug.
   */
  private WebSocketClient webSockets;

  private int upstreamServer(Consumer<ServerWebSocket> handler) {
    // Small socket buffers, so what sits in the kernel does not hide what the gateway holds.
    HttpServerOptions options = new HttpServerOptions().setReceiveBufferSize(64 * 1024).setSendBufferSize(64 * 1024)
        .setWebSocketSubProtocols(List.of("chat.v2"));
    return vertx.createHttpServer(options).webSocketHandler(handler::accept)
        .listen(0, "127.0.0.1").await().actualPort();
  }

  private Gateway gatewayTo(int upstreamPort, TimeoutsConfig routeTimeouts) {
    return gatewayTo(upstreamPort, routeTimeouts, RouteSecurity.NONE);
  }

  private Gateway gatewayTo(int upstreamPort, TimeoutsConfig routeTimeouts, RouteSecurity security) {
    RouteConfig route = new RouteConfig("ws", 0, TestConfigs.match("/**"), "ws", null, null, routeTimeouts, null,
        security, null, null);
    return Gateway.start(vertx, TestConfigs.gateway(List.of(TestConfigs.upstream("ws", upstreamPort)),
        List.of(route))).await();
  }

  private Gateway gatewayTo(int upstreamPort) {
    return gatewayTo(upstreamPort, TimeoutsConfig.DEFAULTS);
  }

  private WebSocket connect(Gateway gateway, WebSocketConnectOptions options) {
    return webSockets().connect(options.setHost("127.0.0.1").setPort(gateway.port())).await();
  }

  private WebSocketClient webSockets() {
    if (webSockets == null) {
      webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setReceiveBufferSize(64 * 1024)
          .setSendBufferSize(64 * 1024));
    }
    return webSockets;
  }

  @Test
  void relaysTextAndBinaryFramesPingsAndTheHandshakeHeaders() {
    Promise<MultiMap> handshake = Promise.promise();
    Promise<Buffer> ping = Promise.promise();
    int upstream = upstreamServer(ws -> {
      handshake.tryComplete(ws.headers());
      ws.frameHandler(frame -> {
        if (frame.type() == WebSocketFrameType.PING) {
          ping.tryComplete(frame.binaryData());
        } else if (frame.isText()) {
          ws.writeTextMessage("echo:" + frame.textData() + ":" + ws.uri());
        } else if (frame.isBinary()) {
          ws.writeBinaryMessage(frame.binaryData().copy().appendString("!"));
        }
      });
    });
    Gateway gateway = gatewayTo(upstream);
    WebSocket ws = connect(gateway, new WebSocketConnectOptions().setURI("/chat?room=1")
        .addHeader("X-Request-Id", "ws-1").addSubProtocol("chat.v2"));
    Promise<String> text = Promise.promise();
    Promise<Buffer> binary = Promise.promise();
    ws.textMessageHandler(text::tryComplete);
    ws.binaryMessageHandler(binary::tryComplete);

    ws.writeTextMessage("hi");
    ws.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2}));
    ws.writePing(Buffer.buffer("alive?"));

    assertThat(text.future().await()).isEqualTo("echo:hi:/chat?room=1");
    assertThat(binary.future().await().getBytes()).containsExactly(1, 2, '!');
    assertThat(ping.future().await().toString()).isEqualTo("alive?");
    MultiMap headers = handshake.future().await();
    assertThat(headers.get("X-Request-Id")).isEqualTo("ws-1");
    assertThat(headers.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(headers.get("Sec-WebSocket-Protocol")).isEqualTo("chat.v2");
  }

  @Test
  void theUpstreamsCloseCodeAndReasonReachTheClientAndTheSessionCountsOnce() {
    int upstream = upstreamServer(ws -> ws.textMessageHandler(text -> ws.close((short) 4001, "done here")));
    Gateway gateway = gatewayTo(upstream);
    WebSocket ws = connect(gateway, new WebSocketConnectOptions().setURI("/"));
    Promise<Short> closed = Promise.promise();
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));

    ws.writeTextMessage("bye");

    assertThat(closed.future().await()).isEqualTo((short) 4001);
    assertThat(ws.closeReason()).isEqualTo("done here");
    Eventually.until(() -> gateway.registry().find(GatewayMetrics.REQUESTS).tag("route", "ws").counter() != null);
    assertThat(gateway.registry().find(GatewayMetrics.REQUESTS).tag("route", "ws").counters())
        .singleElement()
        .satisfies(counter -> {
          assertThat(counter.getId().getTag("status_class")).isEqualTo("1xx");
          assertThat(counter.count()).isEqualTo(1.0);
        });
    assertThat(gateway.registry().find(GatewayMetrics.UPSTREAM_REQUESTS).tag("outcome", "success").counter())
        .isNotNull()
        .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
  }

  @Test
  void theRoutesPoliciesRefuseBeforeAnyUpgrade() {
    AtomicLong upgrades = new AtomicLong();
    int upstream = upstreamServer(ws -> upgrades.incrementAndGet());
    RouteSecurity denyLoopback = new RouteSecurity(null, null, null,
        new IpRulesConfig(Networks.NONE, Networks.parse(List.of("127.0.0.0/8"))), null);
    Gateway gateway = gatewayTo(upstream, TimeoutsConfig.DEFAULTS, denyLoopback);

    assertThatThrownBy(() -> connect(gateway, new WebSocketConnectOptions().setURI("/")))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));
    assertThat(upgrades.get()).isZero();
  }

  @Test
  void theClientsCloseCodeAndReasonReachTheUpstream() {
    Promise<String> closed = Promise.promise();
    int upstream = upstreamServer(ws -> ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode() + " " + ws.closeReason())));
    WebSocket ws = connect(gatewayTo(upstream), new WebSocketConnectOptions().setURI("/"));

    ws.close(POLICY_VIOLATION, "not allowed");

    assertThat(closed.future().await()).isEqualTo("1008 not allowed");
  }

  @Test
  void aRefusedUpstreamAnswersTheUpgradeWith502() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Gateway gateway = gatewayTo(closedPort);

    assertThatThrownBy(() -> connect(gateway, new WebSocketConnectOptions().setURI("/")))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(502));
  }

  @Test
  void anUpgradeTheUpstreamRejectsGetsItsStatus() {
    int upstream = vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(403).end())
        .listen(0, "127.0.0.1").await().actualPort();
    Gateway gateway = gatewayTo(upstream);

    assertThatThrownBy(() -> connect(gateway, new WebSocketConnectOptions().setURI("/")))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));
  }

  @Test
  void aSilentWebSocketIsClosedAfterTheRoutesIdleTimeout() {
    Promise<Short> upstreamClosed = Promise.promise();
    int upstream = upstreamServer(ws -> ws.closeHandler(v -> upstreamClosed.tryComplete(ws.closeStatusCode())));
    TimeoutsConfig timeouts = new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(300));
    WebSocket ws = connect(gatewayTo(upstream, timeouts), new WebSocketConnectOptions().setURI("/"));
    Promise<Short> clientClosed = Promise.promise();
    ws.closeHandler(v -> clientClosed.tryComplete(ws.closeStatusCode()));

    assertThat(clientClosed.future().await()).isEqualTo((short) 1001);
    assertThat(ws.closeReason()).isEqualTo("idle timeout");
    assertThat(upstreamClosed.future().await()).isEqualTo((short) 1001);
  }

  /**
   * 128 MiB each way at once, both readers slow: each stops after every 16 MiB and reads on only once
   * the writer on the other side of the gateway has been unable to write for a while (or is done).
   * Everything arrives, and when a reader reads on, what its writer got rid of but it has not read is
   * what the gateway holds plus four kernel socket buffers: far below the transfer. A relay without
   * backpressure reads everything into its memory instead, and the writer finishes while the reader stops.
   */
  @Test
  void aLargeTransferBothWaysWithSlowReadersIsHeldBackNotBuffered() {
    long total = 128L * 1024 * 1024;
    Promise<Transfer> upstreamSide = Promise.promise();
    int upstream = upstreamServer(ws -> upstreamSide.complete(new Transfer(ws, total)));
    Gateway gateway = gatewayTo(upstream);
    Promise<Transfer> clientSide = Promise.promise();
    WebSocketClient webSockets = webSockets();
    // Connected from an event loop, so the transfer knows the context its WebSocket runs on.
    vertx.runOnContext(v -> webSockets.connect(gateway.port(), "127.0.0.1", "/bulk")
        .onComplete(connected -> clientSide.complete(new Transfer(connected.result(), total))));
    Transfer client = clientSide.future().await();
    Transfer server = upstreamSide.future().await();
    client.peer = server;
    server.peer = client;
    client.start();
    server.start();

    whileProgressing(() -> client.received.get() + server.received.get(),
        () -> client.received.get() == total && server.received.get() == total);

    assertThat(client.received.get()).isEqualTo(total);
    assertThat(server.received.get()).isEqualTo(total);
    assertThat(client.stops).isEqualTo(7);
    assertThat(Math.max(client.mostUnread, server.mostUnread))
        .as("most bytes sent but not yet read when a slow reader read on").isLessThan(total / 2);
  }

  /**
   * Waits until {@code done}, failing when {@code progress} did not advance for 10 s: a large transfer
   * may take long on a loaded machine, a stalled one fails.
   */
  private static void whileProgressing(LongSupplier progress, BooleanSupplier done) {
    long last = -1;
    long lastChange = System.nanoTime();
    while (!done.getAsBoolean()) {
      long now = progress.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
      assertThat(System.nanoTime() - lastChange).as("no progress for 10 s at %d bytes", now)
          .isLessThan(Duration.ofSeconds(10).toNanos());
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /** One side of the bulk transfer: writes {@code total} bytes with backpressure and reads them slowly. */
  private static final class Transfer {
    static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);
    static final long STEP = 16L * 1024 * 1024;
    /** How long the writer must have been unable to write before a stopped reader reads on. */
    static final long STUCK_NANOS = Duration.ofMillis(200).toNanos();

    final WebSocketBase ws;
    final long total;
    final Context context = Vertx.currentContext();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    volatile long lastWrite = System.nanoTime();
    // Reader state, confined to the context.
    long nextStop = STEP;
    int stops;
    long mostUnread;
    Transfer peer;

    Transfer(WebSocketBase ws, long total) {
      this.ws = ws;
      this.total = total;
    }

    void start() {
      context.runOnContext(v -> {
        ws.drainHandler(drained -> send());
        ws.frameHandler(frame -> {
          long now = received.addAndGet(frame.binaryData().length());
          if (now >= nextStop && now < total) {
            nextStop += STEP;
            stops++;
            ws.pause();
            readOnWhenPeerStuck();
          }
        });
        send();
      });
    }

    private void send() {
      while (sent.get() < total && !ws.writeQueueFull()) {
        ws.writeBinaryMessage(CHUNK);
        sent.addAndGet(CHUNK.length());
        lastWrite = System.nanoTime();
      }
    }

    private void readOnWhenPeerStuck() {
      boolean stuck = peer.sent.get() == total || System.nanoTime() - peer.lastWrite > STUCK_NANOS;
      if (stuck) {
        mostUnread = Math.max(mostUnread, peer.sent.get() - received.get());
        ws.resume();
      } else {
        context.owner().setTimer(50, id -> readOnWhenPeerStuck());
      }
    }
  }
}

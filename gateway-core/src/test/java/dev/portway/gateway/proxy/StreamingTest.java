package dev.portway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.WriteStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bodies stream with backpressure: a gateway in a JVM limited to {@code -Xmx64m} relays a 256 MiB
 * upload and a 256 MiB download, each generated and counted on the fly, never held. Buffering either
 * body would need four times the heap the gateway has.
 */
class StreamingTest {

  static final long BODY_BYTES = 256L * 1024 * 1024;
  static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

  private Vertx vertx;
  private Process gatewayProcess;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (gatewayProcess != null) {
      gatewayProcess.getOutputStream().close();
      if (!gatewayProcess.waitFor(10, TimeUnit.SECONDS)) {
        gatewayProcess.destroyForcibly();
      }
    }
    vertx.close().await();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void relaysLargeBodiesBothWaysThroughAGatewayWith64MiBHeap() throws Exception {
    AtomicLong upstreamReceived = new AtomicLong();
    HttpServer upstream = vertx.createHttpServer().requestHandler(request -> {
      request.handler(chunk -> upstreamReceived.addAndGet(chunk.length()));
      request.endHandler(v -> {
        request.response().setChunked(true).putHeader("X-Received-Bytes", String.valueOf(upstreamReceived.get()));
        generate(request.response(), BODY_BYTES);
      });
    }).listen(0, "127.0.0.1").await();
    int gatewayPort = forkGateway(upstream.actualPort());

    HttpClient client = vertx.createHttpClient();
    AtomicLong clientReceived = new AtomicLong();
    HttpClientResponse response = client.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("127.0.0.1").setPort(gatewayPort).setURI("/upload"))
        .compose(request -> {
          request.setChunked(true);
          generate(request, BODY_BYTES);
          return request.response();
        })
        .compose(r -> {
          Promise<HttpClientResponse> done = Promise.promise();
          r.handler(chunk -> clientReceived.addAndGet(chunk.length()));
          r.endHandler(v -> done.complete(r));
          r.exceptionHandler(done::tryFail);
          return done.future();
        })
        .await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("X-Received-Bytes")).isEqualTo(String.valueOf(BODY_BYTES));
    assertThat(clientReceived.get()).isEqualTo(BODY_BYTES);
    assertThat(gatewayProcess.isAlive()).as("gateway JVM survived").isTrue();
  }

  /** Writes {@code bytes} of zeros, waiting for the stream to drain whenever its queue is full. */
  static Future<Void> generate(WriteStream<Buffer> out, long bytes) {
    Promise<Void> done = Promise.promise();
    AtomicLong remaining = new AtomicLong(bytes);
    pump(out, remaining, done);
    return done.future();
  }

  private static void pump(WriteStream<Buffer> out, AtomicLong remaining, Promise<Void> done) {
    while (remaining.get() > 0 && !out.writeQueueFull()) {
      out.write(CHUNK);
      remaining.addAndGet(-CHUNK.length());
    }
    if (remaining.get() > 0) {
      out.drainHandler(v -> pump(out, remaining, done));
    } else {
      out.drainHandler(null);
      out.end().onComplete(done);
    }
  }

  private int forkGateway(int upstreamPort) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    gatewayProcess = new ProcessBuilder(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), StreamingGatewayMain.class.getName(),
        String.valueOf(upstreamPort))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(gatewayProcess.getInputStream(),
        StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).trim());
      }
    }
    throw new AssertionError("gateway JVM exited before listening: " + gatewayProcess.waitFor());
  }
}

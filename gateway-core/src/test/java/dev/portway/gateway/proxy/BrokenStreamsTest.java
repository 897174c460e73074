package dev.portway.gateway.proxy;

import static dev.portway.gateway.TestConfigs.gateway;
import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Eventually;
import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Nothing is left hanging when either side breaks off mid-exchange. */
class BrokenStreamsTest extends LoopbackTest {

  @Test
  void anUpstreamThatDiesMidBodyResetsTheClientInsteadOfEndingTheResponse() {
    int upstream = vertx.createHttpServer().requestHandler(request -> {
      request.response().setChunked(true).write("partial body")
          .onComplete(written -> request.connection().close());
    }).listen(0, "127.0.0.1").await().actualPort();
    Gateway gateway = Gateway.start(vertx, gateway(List.of(upstream("up", upstream)),
        List.of(route("r", "/**", "up")))).await();

    Throwable failure = Http.open(client, gateway.port(), HttpMethod.GET, "/")
        // body() in the task that sends: attached later from this thread, it could miss the broken body.
        .compose(request -> request.send().compose(response -> response.body()))
        .transform(result -> Future.succeededFuture(result.cause()))
        .await();

    assertThat(failure).as("the client must see a broken response, not a complete one").isNotNull();
  }

  @Test
  void aClientThatGoesAwayMidUploadClosesTheUpstreamRequest() throws Exception {
    Promise<HttpServerRequest> arrived = Promise.promise();
    AtomicBoolean upstreamSawClose = new AtomicBoolean();
    int upstream = vertx.createHttpServer().requestHandler(request -> {
      request.connection().closeHandler(v -> upstreamSawClose.set(true));
      request.exceptionHandler(e -> upstreamSawClose.set(true));
      arrived.tryComplete(request);
    }).listen(0, "127.0.0.1").await().actualPort();
    Gateway gateway = Gateway.start(vertx, gateway(List.of(upstream("up", upstream)),
        List.of(route("r", "/**", "up")))).await();

    HttpClientRequest upload = Http.open(client, gateway.port(), HttpMethod.PUT, "/upload").await();
    // The test breaks this request on purpose; its failure is expected, not worth an error log.
    upload.exceptionHandler(expected -> {});
    upload.setChunked(true).write(Buffer.buffer("first chunk"));
    arrived.future().await(10, TimeUnit.SECONDS);
    upload.connection().close();

    Eventually.until(upstreamSawClose::get);
  }
}

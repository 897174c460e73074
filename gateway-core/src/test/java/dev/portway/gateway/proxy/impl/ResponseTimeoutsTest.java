package dev.portway.gateway.proxy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A try's response timeout: from its request sent to its response head. Real requests to a local
 * server that answers {@code /fast} and never answers {@code /silent}. A broken list would leave a
 * silent try waiting forever: the class timeout turns that into a failure.
 */
@Timeout(30)
class ResponseTimeoutsTest {

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server = vertx.createHttpServer()
      .requestHandler(request -> {
        if (request.path().equals("/fast")) {
          request.response().end("ok");
        }
      })
      .listen(0, "127.0.0.1").await();
  private final HttpClient client = vertx.createHttpClient();
  private final Context loop = vertx.getOrCreateContext();
  private final ResponseTimeouts timeouts = new ResponseTimeouts();
  /** The waits {@link #send} made, in order. */
  private final List<ResponseTimeouts.Wait> waits = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aTryWithoutAnswerFailsWithATimeoutOnceItsTimeIsUp() {
    Future<HttpClientResponse> response = on(loop, () -> send("/silent", 50));

    Throwable failure = response.transform(Future::succeededFuture).await().cause();

    assertThat(failure).isInstanceOf(TimeoutException.class).hasMessage("no response head within 50 ms");
  }

  @Test
  void answeredTriesAreNeverResetWhileTheirNeighboursExpire() {
    // Answered tries sit in the same line as the silent ones, before and after them.
    List<Future<HttpClientResponse>> answered = new ArrayList<>();
    List<Future<HttpClientResponse>> silent = new ArrayList<>();
    on(loop, () -> {
      for (int i = 0; i < 20; i++) {
        answered.add(send("/fast", 100));
        silent.add(send("/silent", 100));
      }
      return null;
    });

    for (Future<HttpClientResponse> response : silent) {
      assertThat(response.transform(Future::succeededFuture).await().cause()).isInstanceOf(TimeoutException.class);
    }
    for (Future<HttpClientResponse> response : answered) {
      assertThat(response.await().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anAnswerDisarmsItsTryAtOnce() {
    Future<HttpClientResponse> first = on(loop, () -> send("/fast", 60_000));
    Future<HttpClientResponse> second = on(loop, () -> send("/fast", 60_000));

    assertThat(first.await().statusCode()).isEqualTo(200);
    assertThat(second.await().statusCode()).isEqualTo(200);
    assertThat(waits).hasSize(2).noneMatch(ResponseTimeouts.Wait::armed);
  }

  @Test
  void triesWithDifferentTimeoutsExpireEachAtItsOwn() {
    Future<HttpClientResponse> longer = on(loop, () -> send("/silent", 60_000));
    Future<HttpClientResponse> shorter = on(loop, () -> send("/silent", 50));

    assertThat(shorter.transform(Future::succeededFuture).await().cause()).isInstanceOf(TimeoutException.class);
    assertThat(longer.isComplete()).isFalse();
  }

  @Test
  void aTryAnsweredBeforeItsRequestWasSentIsNotArmed() {
    ResponseTimeouts.Wait early = timeouts.newWait(openRequest(), 50);

    early.answered();
    early.start();

    assertThat(early.armed()).isFalse();
  }

  @Test
  void onlyTheEventLoopThatArmedFirstMayArm() {
    on(loop, () -> send("/fast", 100)).await();
    ResponseTimeouts.Wait fromElsewhere = timeouts.newWait(openRequest(), 100);

    assertThatThrownBy(fromElsewhere::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("response timeouts of one event loop armed from " + Thread.currentThread().getName());
    assertThat(fromElsewhere.armed()).isFalse();
  }

  private HttpClientRequest openRequest() {
    return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/fast").await();
  }

  /** Sends a GET for {@code path} with a response timeout of {@code millis}; call on {@link #loop}. */
  private Future<HttpClientResponse> send(String path, long millis) {
    Promise<HttpClientResponse> response = Promise.promise();
    client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path).onComplete(opened -> {
      if (opened.failed()) {
        response.fail(opened.cause());
        return;
      }
      HttpClientRequest request = opened.result();
      ResponseTimeouts.Wait wait = timeouts.newWait(request, millis);
      waits.add(wait);
      request.response().onComplete(answer -> {
        wait.answered();
        response.handle(answer);
      });
      wait.start();
      request.end();
    });
    return response.future();
  }

  /** Runs {@code action} on {@code context} and returns its result. */
  private static <T> T on(Context context, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result.join();
  }
}

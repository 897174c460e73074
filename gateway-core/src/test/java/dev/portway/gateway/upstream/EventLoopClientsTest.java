package dev.portway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An upstream's clients: one per event loop, so an exchange stays on the loop its request arrived on. */
class EventLoopClientsTest {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final EventLoopClients clients = new EventLoopClients(vertx, new HttpClientOptions(), new PoolOptions());

  private Context loopA;
  private Context loopB;

  @BeforeEach
  void deployOnTwoEventLoops() {
    List<Context> loops = twoEventLoops();
    loopA = loops.get(0);
    loopB = loops.get(1);
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void eachEventLoopGetsAClientOfItsOwnAndKeepsIt() {
    HttpClient first = on(loopA, clients::current);
    assertThat(on(loopA, clients::current)).isSameAs(first);
    assertThat(on(loopB, clients::current)).isNotSameAs(first).isSameAs(on(loopB, clients::current));
  }

  @Test
  void outsideAnEventLoopTheSharedClientAnswers() {
    HttpClient shared = clients.current();
    assertThat(clients.current()).isSameAs(shared);
    assertThat(on(loopA, clients::current)).isNotSameAs(shared);
  }

  @Test
  void aLoopFirstSeenAfterShutdownGetsNoNewClient() {
    HttpClient onA = on(loopA, clients::current);

    clients.shutdown(0).await();

    assertThat(on(loopA, clients::current)).isSameAs(onA);
    assertThat(on(loopB, clients::current)).isSameAs(clients.current());
  }

  /** The contexts of two verticle instances, which Vert.x puts on its two event loops in turn. */
  private List<Context> twoEventLoops() {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)).await();
    assertThat(contexts).hasSize(2);
    assertThat(on(contexts.get(0), Thread::currentThread)).isNotSameAs(on(contexts.get(1), Thread::currentThread));
    return contexts;
  }

  /** {@code work}'s result, computed on {@code context}'s event loop. */
  private static <T> T on(Context context, Callable<T> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(work.call());
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return result.future().await();
  }
}

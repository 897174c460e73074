package dev.portway.gateway.faults;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load for the fault tests: {@code concurrency} keep-alive clients, each sending its next
 * GET when the previous one is answered, for {@code duration}. Counts answers by status and keeps each
 * failure (with the time it happened) so a test can say which failures it allows.
 */
final class Load {

  /** A request that got no status: a reset, a refused connection, a timeout of the client. */
  static final int NO_ANSWER = -1;

  record Failure(long atNanos, int status, String what) {}

  record Result(long requests, ConcurrentMap<Integer, AtomicLong> byStatus, List<Failure> failures, Duration took) {

    long count(int status) {
      AtomicLong n = byStatus.get(status);
      return n == null ? 0 : n.get();
    }

    double perSecond() {
      return requests * 1000.0 / Math.max(1, took.toMillis());
    }
  }

  private Load() {}

  /** Runs the load on a Vert.x of its own, so the client's work does not sit on the gateway's event loops. */
  static Future<Result> run(Vertx vertx, int port, String uri, int concurrency, Duration duration) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency));
    ConcurrentMap<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    List<Failure> failures = new CopyOnWriteArrayList<>();
    AtomicLong requests = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri).setIdleTimeout(30_000);
    Future<?>[] loops = new Future<?>[concurrency];
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      loop(client, options, end, requests, byStatus, failures, done);
      loops[i] = done.future();
    }
    return Future.all(List.of(loops)).transform(v -> client.close()).map(v -> new Result(requests.get(), byStatus,
        List.copyOf(failures), Duration.ofNanos(System.nanoTime() - start)));
  }

  private static void loop(HttpClient client, RequestOptions options, long end, AtomicLong requests,
      ConcurrentMap<Integer, AtomicLong> byStatus, List<Failure> failures, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    requests.incrementAndGet();
    client.request(options)
        .compose(request -> request.send().compose(response -> response.body()
            .map(body -> response.statusCode() == 200 ? null : response.statusCode() + " " + body)))
        .onComplete(answer -> {
          // null: a 200; else the status and the gateway's error body, which says what went wrong
          String failed = answer.succeeded() ? answer.result() : String.valueOf(answer.cause());
          int status = failed == null ? 200 : answer.succeeded() ? Integer.parseInt(failed.substring(0, 3)) : NO_ANSWER;
          byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
          if (failed != null) {
            failures.add(new Failure(System.nanoTime(), status, failed));
          }
          loop(client, options, end, requests, byStatus, failures, done);
        });
  }
}

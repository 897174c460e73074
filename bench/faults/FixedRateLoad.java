import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-rate HTTP load generator (wrk2's model: requests are sent on a schedule, not when the previous
 * answer arrives, and latency is measured from the scheduled time, so a stall is not hidden by fewer
 * requests). JDK only, run with the source launcher:
 *
 * <pre>java bench/faults/FixedRateLoad.java URL RATE_PER_SECOND SECONDS</pre>
 *
 * Prints one line "requests=N ok=N failed=N p50_ms= p99_ms= max_ms=" (ok = 2xx) and exits 1 when any
 * request failed.
 */
public class FixedRateLoad {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    long total = (long) rate * seconds;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    AtomicLongArray latencyMicros = new AtomicLongArray((int) total);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong done = new AtomicLong();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / rate;
    AtomicLong sent = new AtomicLong();
    // Every millisecond, send whatever the schedule says is due by now.
    ticker.scheduleAtFixedRate(() -> {
      long due = Math.min(total, (System.nanoTime() - start) / intervalNanos + 1);
      for (long i = sent.get(); i < due; i = sent.incrementAndGet()) {
        long index = i;
        long scheduled = start + index * intervalNanos;
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
          latencyMicros.set((int) index, (System.nanoTime() - scheduled) / 1000);
          if (failure == null && response.statusCode() / 100 == 2) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
            if (failed.get() <= 5) {
              System.err.println("failed: " + (failure != null ? failure
                  : "status " + response.statusCode() + " " + response.body()));
            }
          }
          done.incrementAndGet();
        });
      }
    }, 0, 1, TimeUnit.MILLISECONDS);
    while (done.get() < total && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds + 30L)) {
      Thread.sleep(100);
    }
    ticker.shutdownNow();
    long[] sorted = new long[(int) done.get()];
    int n = 0;
    for (int i = 0; i < total && n < sorted.length; i++) {
      long v = latencyMicros.get(i);
      if (v > 0) {
        sorted[n++] = v;
      }
    }
    sorted = Arrays.copyOf(sorted, n);
    Arrays.sort(sorted);
    System.out.printf("requests=%d ok=%d failed=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", total, ok.get(),
        failed.get() + (total - done.get()), percentile(sorted, 0.50), percentile(sorted, 0.99),
        n == 0 ? 0.0 : sorted[n - 1] / 1000.0);
    System.exit(failed.get() == 0 && done.get() == total ? 0 : 1);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
  }
}

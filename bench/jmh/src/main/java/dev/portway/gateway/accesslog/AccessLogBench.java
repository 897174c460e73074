package dev.portway.gateway.accesslog;

import dev.portway.bench.NanosecondBench;
import dev.portway.bench.StubExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The access log per request: off (no listener is installed, so the cost is the check done once at
 * start), the JSON line alone, and the whole listener writing to the buffered file appender of
 * bench/logback-bench.xml (configured by -Dlogback.configurationFile in bench/jmh/run.sh's default).
 */
public class AccessLogBench extends NanosecondBench {

  private StubExchange exchange;
  private AccessLog on;
  private AccessLog off;

  @Setup
  public void setup() {
    exchange = new StubExchange();
    on = AccessLog.create(true);
    off = AccessLog.create(false);
    if (on == null || off != null) {
      throw new IllegalStateException("logger portway.access must be enabled at INFO for this benchmark");
    }
  }

  @Benchmark
  public String line() {
    return AccessLog.line(exchange);
  }

  @Benchmark
  public void offListenerCheck() {
    // What the request path does when the access log is off: nothing is installed.
    if (off != null) {
      off.onComplete(exchange);
    }
  }

  @Benchmark
  public void onToBufferedFile() {
    on.onComplete(exchange);
  }
}

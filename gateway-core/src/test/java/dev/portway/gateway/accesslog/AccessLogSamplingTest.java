package dev.portway.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portway.gateway.config.AccessLogConfig;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.http.HttpMethod;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code accessLog.sampleRate}: successes are sampled, failures always written. */
class AccessLogSamplingTest {

  final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
  final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private static ProxyExchange answered(int status) {
    return (ProxyExchange) Proxy.newProxyInstance(ProxyExchange.class.getClassLoader(),
        new Class<?>[] {ProxyExchange.class}, (proxy, method, args) -> switch (method.getName()) {
          case "statusCode" -> status;
          case "method" -> HttpMethod.GET;
          case "originalPath" -> "/p";
          case "requestId" -> "id";
          case "startNanos" -> System.nanoTime();
          case "startMillis" -> 1_795_000_000_000L;
          case "bytesIn", "bytesOut" -> 0L;
          default -> null;
        });
  }

  @Test
  void rateZeroWritesOnlyFailures() {
    AccessLog log = AccessLog.create(new AccessLogConfig(true, 0.0));

    for (int status : new int[] {200, 204, 301, 404, 429, 499, 502, 504}) {
      log.onComplete(answered(status));
    }

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(5).allMatch(line -> line.matches(".*\"status\":(404|429|499|502|504).*"));
  }

  @Test
  void rateOneWritesEverything() {
    AccessLog log = AccessLog.create(new AccessLogConfig(true, 1.0));

    for (int i = 0; i < 100; i++) {
      log.onComplete(answered(200));
    }

    assertThat(lines.list).hasSize(100);
  }

  @Test
  void aRateInBetweenWritesAboutThatShareOfSuccesses() {
    AccessLog log = AccessLog.create(new AccessLogConfig(true, 0.1));

    for (int i = 0; i < 10_000; i++) {
      log.onComplete(answered(200));
    }

    // Binomial(10000, 0.1): mean 1000, standard deviation 30; ±200 is more than six deviations.
    assertThat(lines.list.size()).isBetween(800, 1200);
  }
}

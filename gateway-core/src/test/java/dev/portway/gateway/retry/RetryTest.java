package dev.portway.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.RetryConfig;
import dev.portway.gateway.retry.Retry.Failure;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry rules as a table. */
class RetryTest {

  /** attempts 3, idempotent methods, on connect-failure, reset and 503 (not timeout). */
  private static final RetryConfig CONFIG = new RetryConfig(3, Set.of("GET", "PUT", "DELETE"), true, true, false,
      Set.of(503), null);

  @ParameterizedTest(name = "{0} body={1} try {2} {3} {4} -> {5} {6}")
  @CsvSource(textBlock = """
      # method, body,    try, failure, status, retried, why
      GET,      none,    1,   CONNECT, 0,      true, ''
      POST,     length,  1,   CONNECT, 0,      true, nothing was sent so the body is still unread
      GET,      none,    1,   RESET,   0,      true, ''
      POST,     none,    1,   RESET,   0,      false, not an idempotent method
      PUT,      length,  1,   RESET,   0,      false, the body was sent and is gone
      PUT,      chunked, 1,   STATUS,  503,    false, a streamed body cannot be replayed
      PUT,      empty,   1,   STATUS,  503,    true, Content-Length 0 has nothing to replay
      GET,      none,    1,   STATUS,  502,    false, not a listed status
      GET,      none,    1,   TIMEOUT, 0,      false, timeout not listed
      GET,      none,    2,   RESET,   0,      true, ''
      GET,      none,    3,   RESET,   0,      false, attempts used up
      """)
  void decides(String method, String body, int attempt, Failure failure, int status, boolean retried, String why) {
    MultiMap headers = HttpHeaders.headers();
    switch (body) {
      case "length" -> headers.set(HttpHeaders.CONTENT_LENGTH, "12");
      case "chunked" -> headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
      case "empty" -> headers.set(HttpHeaders.CONTENT_LENGTH, "0");
      default -> { }
    }

    assertThat(Retry.isRetryable(CONFIG, HttpMethod.valueOf(method), Retry.isRequestReplayable(headers), attempt,
        failure, status))
        .as(why).isEqualTo(retried);
  }

  @ParameterizedTest
  @CsvSource({"CONNECT", "RESET", "TIMEOUT", "STATUS"})
  void aRouteWithoutRetryNeverRetries(Failure failure) {
    assertThat(Retry.isRetryable(null, HttpMethod.GET, true, 1, failure, 503)).isFalse();
  }
}

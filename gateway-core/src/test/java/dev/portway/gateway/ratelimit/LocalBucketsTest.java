package dev.portway.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a hand-moved clock: 3 tokens, refilled at one a second. */
class LocalBucketsTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(42 * SECOND);
  private final LocalBuckets buckets = new LocalBuckets(3, 1.0 / SECOND, now::get);

  private Decision take(String key) {
    return buckets.take(key).result();
  }

  @Test
  void aFullBucketAllowsItsBurstThenRefuses() {
    assertThat(take("a")).isEqualTo(new Decision(true, 2, 0, 1000));
    assertThat(take("a")).isEqualTo(new Decision(true, 1, 0, 2000));
    assertThat(take("a")).isEqualTo(new Decision(true, 0, 0, 3000));
    assertThat(take("a")).isEqualTo(new Decision(false, 0, 1000, 3000));
  }

  @Test
  void tokensComeBackWithTimeButNeverBeyondTheBurst() {
    for (int i = 0; i < 3; i++) {
      take("a");
    }
    now.addAndGet(SECOND / 2);
    assertThat(take("a").allowed()).isFalse();
    assertThat(take("a").retryMillis()).isEqualTo(500);

    now.addAndGet(SECOND / 2);
    assertThat(take("a").allowed()).isTrue();

    now.addAndGet(3600 * SECOND);
    assertThat(take("a").remaining()).isEqualTo(2);
  }

  @Test
  void keysHaveBucketsOfTheirOwn() {
    for (int i = 0; i < 3; i++) {
      take("a");
    }
    assertThat(take("a").allowed()).isFalse();
    assertThat(take("b").allowed()).isTrue();
  }
}

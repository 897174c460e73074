package dev.portway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.CircuitBreakerConfig;
import dev.portway.gateway.config.OutlierDetectionConfig;
import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.health.CircuitBreaker;
import dev.portway.gateway.health.OutlierDetection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Balancers over in-memory targets; which target is available is set by hand. */
class LoadBalancerTest {

  private static final long NOW = 0;

  private static Target target(int port, int weight) {
    return new Target(new TargetConfig("http://10.0.0.1:" + port, "10.0.0.1", port, false, weight),
        new OutlierDetection(new OutlierDetectionConfig(1, Duration.ofMinutes(1), Duration.ofMinutes(1))),
        new CircuitBreaker(new CircuitBreakerConfig(1, 1.0, 10, Duration.ofMinutes(1), 1)));
  }

  private static Target[] targets(int... weights) {
    return IntStream.range(0, weights.length).mapToObj(i -> target(8000 + i, weights[i])).toArray(Target[]::new);
  }

  private static void eject(Target target) {
    target.dispatched(NOW);
    target.finished(true, NOW);
  }

  private static Map<Target, Integer> counts(LoadBalancer balancer, int picks) {
    Map<Target, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(balancer.pick(null, NOW), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void roundRobinTakesEachTargetInTurnAndSkipsUnavailableOnes() {
    Target[] t = targets(1, 1, 1);
    RoundRobin balancer = new RoundRobin(t);
    assertThat(IntStream.range(0, 4).mapToObj(i -> balancer.pick(null, NOW)))
        .containsExactly(t[0], t[1], t[2], t[0]);

    eject(t[1]);

    assertThat(counts(balancer, 6)).containsOnlyKeys(t[0], t[2]).containsValues(3, 3);
  }

  @Test
  void turnsTakenByOtherEventLoopsInBetweenNeverHideAnAvailableTarget() {
    Target[] t = targets(1, 1);
    eject(t[0]);
    // Another event loop draws a turn between each of this pick's: every turn this pick gets is t[0]'s.
    AtomicInteger counter = new AtomicInteger();
    IntSupplier interleaved = () -> counter.getAndAdd(2);

    assertThat(LoadBalancer.nextAvailable(t, interleaved, NOW)).isSameAs(t[1]);
  }

  @Test
  void noAvailableTargetPicksNothing() {
    Target[] t = targets(1, 1);
    eject(t[0]);
    eject(t[1]);

    assertThat(new RoundRobin(t).pick(null, NOW)).isNull();
    assertThat(new WeightedRoundRobin(t).pick(null, NOW)).isNull();
    assertThat(new LeastRequests(t).pick(null, NOW)).isNull();
    assertThat(new ConsistentHash(t, HashKey.parse("client-ip")).pick("key", NOW)).isNull();
  }

  @Test
  void weightedRoundRobinFollowsTheWeightsSmoothly() {
    Target[] t = targets(5, 1, 1);
    WeightedRoundRobin balancer = new WeightedRoundRobin(t);

    assertThat(counts(balancer, 700)).containsEntry(t[0], 500).containsEntry(t[1], 100).containsEntry(t[2], 100);
    // nginx's smooth order: the heavy target never takes more than 3 turns in a row here.
    assertThat(WeightedRoundRobin.schedule(t)).containsExactly(t[0], t[0], t[1], t[0], t[2], t[0], t[0]);
  }

  @Test
  void weightsAreReducedByTheirCommonDivisor() {
    assertThat(WeightedRoundRobin.schedule(targets(300, 100))).hasSize(4);
  }

  @Test
  void leastRequestsPrefersTheTargetWithFewerRequestsInFlightPerWeight() {
    Target[] t = targets(1, 1);
    for (int i = 0; i < 3; i++) {
      t[0].dispatched(NOW);
    }
    LeastRequests balancer = new LeastRequests(t);

    assertThat(counts(balancer, 50)).containsOnlyKeys(t[1]);
    assertThat(LeastRequests.lessLoaded(target(1, 4), target(2, 1))).as("0/4 vs 0/1: tie goes to the first")
        .extracting(Target::weight).isEqualTo(4);
  }

  @Test
  void leastRequestsSpreadsOverEveryIdleTarget() {
    Target[] t = targets(1, 1, 1, 1);

    assertThat(counts(new LeastRequests(t), 400)).containsOnlyKeys(t);
  }

  @Test
  void consistentHashSendsAKeyToTheSameTarget() {
    ConsistentHash balancer = new ConsistentHash(targets(1, 1, 1), HashKey.parse("header:X-User"));

    for (int key = 0; key < 100; key++) {
      assertThat(balancer.pick("user-" + key, NOW)).isSameAs(balancer.pick("user-" + key, NOW));
    }
  }

  @Test
  void addingATargetMovesOnlyTheKeysItTakesOver() {
    Target[] three = targets(1, 1, 1);
    Target[] four = {three[0], three[1], three[2], target(9000, 1)};
    List<String> keys = IntStream.range(0, 2000).mapToObj(i -> "user-" + i).toList();
    ConsistentHash before = new ConsistentHash(three, HashKey.parse("client-ip"));
    ConsistentHash after = new ConsistentHash(four, HashKey.parse("client-ip"));

    List<String> moved = new ArrayList<>();
    for (String key : keys) {
      if (before.pick(key, NOW) != after.pick(key, NOW)) {
        moved.add(key);
        assertThat(after.pick(key, NOW)).as("a moved key goes to the new target").isSameAs(four[3]);
      }
    }
    // The new target's fair share is a quarter; the ring's variance allows a little more or less.
    assertThat(moved.size()).isBetween(keys.size() / 8, keys.size() * 3 / 8);
  }

  @Test
  void anEjectedTargetsKeysMoveAndOnlyThey() {
    Target[] t = targets(1, 1, 1);
    ConsistentHash balancer = new ConsistentHash(t, HashKey.parse("cookie:session"));
    Map<String, Target> before = new HashMap<>();
    IntStream.range(0, 1000).forEach(i -> before.put("s" + i, balancer.pick("s" + i, NOW)));

    eject(t[2]);

    before.forEach((key, target) -> {
      Target now = balancer.pick(key, NOW);
      if (target == t[2]) {
        assertThat(now).isNotSameAs(t[2]);
      } else {
        assertThat(now).isSameAs(target);
      }
    });
  }

  @Test
  void weightGivesAProportionalShareOfTheRing() {
    Target[] t = targets(3, 1);
    ConsistentHash balancer = new ConsistentHash(t, HashKey.parse("client-ip"));

    long heavy = IntStream.range(0, 4000).filter(i -> balancer.pick("k" + i, NOW) == t[0]).count();

    assertThat(heavy).isBetween(2600L, 3400L);
  }
}

package dev.portway.gateway.upstream;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code loadBalancer: consistent-hash}: a hash ring (Karger et al., as in Ketama) with
 * {@link #POINTS_PER_WEIGHT} points per unit of weight per target, placed by hashing the target's
 * {@code host:port}. A key goes to the first point clockwise from its hash whose target is available.
 * Placing points by address, not by list position, is what keeps the mapping stable: adding, removing
 * or ejecting a target only moves the keys of the arcs it owns. Requests without a key (no such header
 * or cookie) are spread round-robin.
 */
final class ConsistentHash implements LoadBalancer {

  static final int POINTS_PER_WEIGHT = 100;

  private final HashKey key;
  private final long[] points;
  private final Target[] owners;
  private final RoundRobin keyless;

  ConsistentHash(Target[] targets, HashKey key) {
    this.key = key;
    this.keyless = new RoundRobin(targets);
    int total = 0;
    for (Target target : targets) {
      total += target.weight() * POINTS_PER_WEIGHT;
    }
    long[][] ring = new long[total][];
    int at = 0;
    for (int t = 0; t < targets.length; t++) {
      for (int p = 0; p < targets[t].weight() * POINTS_PER_WEIGHT; p++) {
        ring[at++] = new long[] {hash(targets[t].authority() + "#" + p), t};
      }
    }
    Arrays.sort(ring, (a, b) -> Long.compare(a[0], b[0]));
    this.points = new long[total];
    this.owners = new Target[total];
    for (int i = 0; i < total; i++) {
      points[i] = ring[i][0];
      owners[i] = targets[(int) ring[i][1]];
    }
  }

  @Override
  public Target pick(HttpServerRequest request, long now) {
    String value = key.of(request);
    return value == null ? keyless.pick(request, now) : pick(value, now);
  }

  /** The target for {@code value}'s hash. */
  Target pick(String value, long now) {
    int index = Arrays.binarySearch(points, hash(value));
    int start = index >= 0 ? index : -index - 1;
    return LoadBalancer.firstAvailable(owners, start % owners.length, now);
  }

  /** 64-bit FNV-1a of the UTF-8 bytes, finished with MurmurHash3's fmix64 so close keys spread over the ring. */
  static long hash(String value) {
    long h = 0xcbf29ce484222325L;
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb34fe1a85ec3L;
    h ^= h >>> 33;
    return h;
  }
}

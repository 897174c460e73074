package dev.portway.gateway.tracing;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) for one proxy hop. The gateway is a hop of
 * its own: the upstream gets the client's trace id with a new parent id (the gateway's span), so a
 * tracing backend sees client → gateway → upstream. A request without a usable {@code traceparent}
 * starts a new trace (flags {@code 01}, sampled: the gateway decides to keep it, downstream services
 * that follow their parent's decision record it); a malformed one is replaced, and its
 * {@code tracestate} dropped, as the specification asks. Costs two random longs and one string per
 * request; no span is recorded by Portway itself.
 */
public final class TraceContext {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  private static final int LENGTH = 55;   // 00-<32 hex>-<16 hex>-<2 hex>
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  private TraceContext() {}

  /**
   * Sets {@code outgoing}'s {@code traceparent} to the next hop's, from the client's {@code incoming}
   * headers. {@code outgoing} already holds the end-to-end copies of the client's headers.
   */
  public static void propagate(MultiMap incoming, MultiMap outgoing) {
    String given = incoming.get(TRACEPARENT);
    outgoing.set(TRACEPARENT, nextHop(given));
    if (given != null && !isValid(given)) {
      outgoing.remove(TRACESTATE);
    }
  }

  /** The {@code traceparent} for the upstream: same trace and flags with a new parent id, or a new trace. */
  static String nextHop(String given) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Bytes, not chars: the value is ASCII, and a String made from Latin-1 bytes needs no compressing copy.
    byte[] out = new byte[LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    if (given != null && isValid(given)) {
      copy(given, 3, 35, out);
      copy(given, 52, 55, out);
    } else {
      hex(nonZero(random), out, 3);
      hex(nonZero(random), out, 19);
      out[52] = '-';
      out[53] = '0';
      out[54] = '1';
    }
    out[35] = '-';
    hex(nonZero(random), out, 36);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** {@code from[begin..end)} into {@code out} at {@code begin}; {@code from} was checked to be lower-case hex. */
  private static void copy(String from, int begin, int end, byte[] out) {
    for (int i = begin; i < end; i++) {
      out[i] = (byte) from.charAt(i);
    }
  }

  /** The trace id of a {@code traceparent} Portway wrote. */
  public static String traceId(String traceparent) {
    return traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35);
  }

  /**
   * Version {@code 00}'s exact form, or a later version's first 55 characters followed by nothing or
   * {@code -} (forward compatible, as the specification asks); lower-case hex, ids not all zero.
   */
  static boolean isValid(String value) {
    if (value.length() < LENGTH || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return false;
    }
    String version = value.substring(0, 2);
    if (!isHex(value, 0, 2) || version.equals("ff") || (version.equals("00") && value.length() != LENGTH)
        || (value.length() > LENGTH && value.charAt(LENGTH) != '-')) {
      return false;
    }
    return isHex(value, 3, 35) && isHex(value, 36, 52) && isHex(value, 53, 55)
        && !isZero(value, 3, 35) && !isZero(value, 36, 52);
  }

  private static boolean isHex(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (value.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static long nonZero(ThreadLocalRandom random) {
    long value;
    do {
      value = random.nextLong();
    } while (value == 0);
    return value;
  }

  /** 16 lower-case hex digits of {@code value} into {@code out} from {@code at}. */
  private static void hex(long value, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}

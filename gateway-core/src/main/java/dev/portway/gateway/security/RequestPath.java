package dev.portway.gateway.security;

/**
 * The path a route is matched on and the upstream receives, so that what the router sees is what the
 * upstream serves. Percent-encoded unreserved characters are decoded (RFC 3986 §6.2.2.2, so
 * {@code %2e%2e} is {@code ..}), dot segments are removed (§5.2.4) and runs of slashes merged. Paths a
 * backend might read differently from the router are refused instead (see
 * docs/decisions/0800-path-normalisation-rejects-ambiguous-encodings.md): encoded {@code /} and
 * {@code \}, a literal {@code \}, {@code ;} path parameters, an encoded {@code %} (double encoding),
 * control characters and a {@code ..} above the root.
 */
public final class RequestPath {

  private RequestPath() {}

  /** The normalised form of {@code raw} (the request path without query), or {@code null} to refuse it with 400. */
  public static String normalise(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      return null;
    }
    if (isNormal(raw)) {
      return raw;
    }
    StringBuilder decoded = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int value = hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2));
        if (value < 0) {
          return null;
        }
        if (isUnreserved(value)) {
          decoded.append((char) value);
        } else if (value == '/' || value == '\\' || value == '%' || value == ';' || value < 0x20 || value == 0x7f) {
          return null;
        } else {
          // Other escapes stay as sent, upper-cased so equal paths compare equal.
          decoded.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
        }
        i += 2;
      } else if (c == '\\' || c == ';' || c < 0x20 || c == 0x7f) {
        return null;
      } else {
        decoded.append(c);
      }
    }
    return removeDotSegments(decoded);
  }

  /**
   * Whether {@code raw} is already normal, as most paths are: nothing escaped or refused, and no empty
   * or dot segment (no {@code //}, and no segment starting with {@code .}, which also sends
   * {@code /.well-known} the long way, to the same result).
   */
  private static boolean isNormal(String raw) {
    char previous = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' || c == '\\' || c == ';' || c < 0x20 || c == 0x7f
          || previous == '/' && (c == '/' || c == '.')) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  /** Splits on slashes, dropping empty and {@code .} segments and popping one for each {@code ..}. */
  private static String removeDotSegments(CharSequence path) {
    String[] segments = new String[path.length()];
    int depth = 0;
    int start = 1;
    boolean trailingSlash = false;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        String segment = path.subSequence(start, i).toString();
        trailingSlash = segment.isEmpty() || segment.equals(".") || segment.equals("..");
        if (segment.equals("..")) {
          if (depth == 0) {
            return null;
          }
          depth--;
        } else if (!segment.isEmpty() && !segment.equals(".")) {
          segments[depth++] = segment;
        }
        start = i + 1;
      }
    }
    StringBuilder normalised = new StringBuilder(path.length());
    for (int i = 0; i < depth; i++) {
      normalised.append('/').append(segments[i]);
    }
    if (depth == 0 || trailingSlash) {
      normalised.append('/');
    }
    return normalised.toString();
  }

  private static boolean isUnreserved(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
        || c == '~';
  }

  private static int hex(char c) {
    return Character.digit(c, 16) < 0 ? -0x1000 : Character.digit(c, 16);
  }
}

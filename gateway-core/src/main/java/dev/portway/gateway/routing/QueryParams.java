package dev.portway.gateway.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one parameter from a raw query string without building a map of all of them: only routes with
 * a {@code match.query} condition pay for it, and only for the names they ask about.
 */
final class QueryParams {

  private QueryParams() {}

  /** The decoded value of the first {@code name} parameter of {@code query}; {@code ""} for a bare {@code name}; {@code null} when absent. */
  static String first(String query, String name) {
    if (query == null) {
      return null;
    }
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int equals = query.indexOf('=', start);
      int nameEnd = equals < 0 || equals > end ? end : equals;
      if (decode(query.substring(start, nameEnd)).equals(name)) {
        return nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end));
      }
      start = end + 1;
    }
    return null;
  }

  private static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      // A malformed escape cannot equal a configured value; compare it as sent.
      return text;
    }
  }
}

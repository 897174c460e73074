package dev.portway.gateway.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code match.path}: {@code /exact}, {@code /prefix/**} (the prefix itself and everything
 * below it) or a template such as {@code /users/{id}} where each {@code {name}} stands for exactly one
 * non-empty segment. A template may also end in {@code /**}.
 */
public final class PathPattern {

  /** How specific a pattern is; a higher value wins between routes of equal priority. */
  enum Kind {
    PREFIX,
    TEMPLATE,
    EXACT
  }

  private final String source;
  private final Kind kind;
  /** Literal segments, with {@code null} for a template variable. */
  private final String[] segments;
  private final boolean openEnded;
  private final int literalLength;

  private PathPattern(String source, Kind kind, String[] segments, boolean openEnded, int literalLength) {
    this.source = source;
    this.kind = kind;
    this.segments = segments;
    this.openEnded = openEnded;
    this.literalLength = literalLength;
  }

  /** Compiles a pattern; the config loader has already checked that it starts with {@code /}. */
  public static PathPattern compile(String pattern) {
    boolean openEnded = pattern.equals("/**") || pattern.endsWith("/**");
    String fixed = openEnded ? pattern.substring(0, pattern.length() - 3) : pattern;
    List<String> segments = new ArrayList<>();
    boolean template = false;
    int literalLength = 0;
    for (String segment : split(fixed)) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        segments.add(null);
        template = true;
      } else {
        segments.add(segment);
        literalLength += segment.length() + 1;
      }
    }
    Kind kind = template ? Kind.TEMPLATE : openEnded ? Kind.PREFIX : Kind.EXACT;
    return new PathPattern(pattern, kind, segments.toArray(String[]::new), openEnded, literalLength);
  }

  /** True when {@code path} (no query string) is matched by this pattern. */
  public boolean matches(String path) {
    if (kind == Kind.EXACT) {
      return path.equals(source);
    }
    int pos = path.startsWith("/") ? 1 : 0;
    for (String segment : segments) {
      if (pos > path.length()) {
        return false;
      }
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = path.length();
      }
      if (segment == null ? end == pos : !path.regionMatches(pos, segment, 0, segment.length())
          || end - pos != segment.length()) {
        return false;
      }
      pos = end + 1;
    }
    // pos is one past the last consumed segment's end; path.length() + 1 means the path ended there.
    return openEnded || pos == path.length() + 1;
  }

  Kind kind() {
    return kind;
  }

  /** The literal segments before the first variable: every path this pattern matches starts with them. */
  List<String> literalHead() {
    List<String> head = new ArrayList<>();
    for (String segment : segments) {
      if (segment == null) {
        break;
      }
      head.add(segment);
    }
    return head;
  }

  /** Characters of literal text, so {@code /api/v1/**} is more specific than {@code /api/**}. */
  int literalLength() {
    return literalLength;
  }

  @Override
  public String toString() {
    return source;
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}

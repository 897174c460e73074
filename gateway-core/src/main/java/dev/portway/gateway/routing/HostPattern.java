package dev.portway.gateway.routing;

import java.util.Locale;

/** One entry of {@code match.hosts}: an exact host name or {@code *.example.com} (any subdomain, not the apex). */
final class HostPattern {

  private final String exact;
  private final String suffix;

  private HostPattern(String exact, String suffix) {
    this.exact = exact;
    this.suffix = suffix;
  }

  static HostPattern compile(String pattern) {
    String lower = pattern.toLowerCase(Locale.ROOT);
    return lower.startsWith("*.") ? new HostPattern(null, lower.substring(1)) : new HostPattern(lower, null);
  }

  boolean isWildcard() {
    return suffix != null;
  }

  /** {@code host} is already lower case and has no port. */
  boolean matches(String host) {
    return exact != null ? exact.equals(host) : host.length() > suffix.length() && host.endsWith(suffix);
  }
}

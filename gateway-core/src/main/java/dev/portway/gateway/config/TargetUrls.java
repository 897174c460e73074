package dev.portway.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Target URLs: {@code http://host[:port]} or {@code https://host[:port]}, nothing after the authority. */
final class TargetUrls {

  private TargetUrls() {}

  /**
   * @throws IllegalArgumentException with an operator-readable reason
   */
  static TargetConfig parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("URL '" + url + "' must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL '" + url + "' has no valid host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || !(uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "URL '" + url + "' must be only scheme://host[:port] (no user, path, query or fragment)");
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
    // URI keeps IPv6 literals bracketed; sockets want the bare address.
    String host = uri.getHost().replaceAll("^\\[(.*)]$", "$1");
    return new TargetConfig(url, host, port, tls, 1);
  }
}

package dev.portway.gateway.routing;

import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RouteConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The compiled route table. Routes are tried in a fixed order — higher {@code priority} first, then
 * the more specific one (exact path, then template, then prefix; longer literal path; exact host, then
 * wildcard host; more header and method conditions), then document order — and the first whose every
 * condition holds wins. Immutable and safe to share between event loops.
 *
 * @param <R> what the caller compiled for each route (the proxy's per-route state)
 */
public final class Router<R> {

  private final List<Entry<R>> entries;

  private Router(List<Entry<R>> entries) {
    this.entries = entries;
  }

  /** Compiles {@code routes}, attaching {@code compile.apply(route)} to each. */
  public static <R> Router<R> compile(List<RouteConfig> routes, Function<RouteConfig, R> compile) {
    List<Entry<R>> entries = new ArrayList<>(routes.size());
    for (int i = 0; i < routes.size(); i++) {
      entries.add(new Entry<>(routes.get(i), i, compile.apply(routes.get(i))));
    }
    entries.sort(Comparator.<Entry<R>>comparingInt(e -> -e.config.priority())
        .thenComparing(Comparator.comparingInt((Entry<R> e) -> -e.specificity()))
        .thenComparingInt(e -> -e.literalLength())
        .thenComparingInt(e -> e.order));
    return new Router<>(List.copyOf(entries));
  }

  /**
   * The first route that takes the request, or {@code null} when none does.
   *
   * @param host lower-case host name without port, or {@code null} when the request named none
   * @param path the request path without query string
   */
  public R match(String host, String path, HttpMethod method, MultiMap headers) {
    for (Entry<R> entry : entries) {
      if (entry.matches(host, path, method, headers)) {
        return entry.value;
      }
    }
    return null;
  }

  /** Route ids in the order they are tried; for tests and the admin API. */
  public List<String> order() {
    return entries.stream().map(e -> e.config.id()).toList();
  }

  private static final class Entry<R> {
    final RouteConfig config;
    final int order;
    final R value;
    final PathPattern path;
    final HostPattern[] hosts;
    final HttpMethod[] methods;
    final String[][] headers;

    Entry(RouteConfig config, int order, R value) {
      this.config = config;
      this.order = order;
      this.value = value;
      MatchConfig match = config.match();
      this.path = match.path() == null ? null : PathPattern.compile(match.path());
      this.hosts = match.hosts().stream().map(HostPattern::compile).toArray(HostPattern[]::new);
      this.methods = match.methods().stream().map(HttpMethod::valueOf).toArray(HttpMethod[]::new);
      this.headers = match.headers().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .map(e -> new String[] {e.getKey(), e.getValue()})
          .toArray(String[][]::new);
    }

    /** Path kind dominates, then host kind, then how many other conditions there are. */
    int specificity() {
      int pathRank = path == null ? 0 : path.kind().ordinal() + 1;
      int hostRank = hosts.length == 0 ? 0 : allExactHosts() ? 2 : 1;
      int conditions = headers.length + (methods.length > 0 ? 1 : 0);
      return pathRank * 10_000 + hostRank * 1_000 + Math.min(conditions, 999);
    }

    int literalLength() {
      return path == null ? 0 : path.literalLength();
    }

    private boolean allExactHosts() {
      for (HostPattern h : hosts) {
        if (h.isWildcard()) {
          return false;
        }
      }
      return true;
    }

    boolean matches(String host, String requestPath, HttpMethod method, MultiMap requestHeaders) {
      if (path != null && !path.matches(requestPath)) {
        return false;
      }
      if (methods.length > 0 && !contains(methods, method)) {
        return false;
      }
      if (hosts.length > 0 && (host == null || !anyHost(host))) {
        return false;
      }
      for (String[] header : headers) {
        if (!header[1].equals(requestHeaders.get(header[0]))) {
          return false;
        }
      }
      return true;
    }

    private boolean anyHost(String host) {
      for (HostPattern h : hosts) {
        if (h.matches(host)) {
          return true;
        }
      }
      return false;
    }

    private static boolean contains(HttpMethod[] methods, HttpMethod method) {
      for (HttpMethod m : methods) {
        if (m.equals(method)) {
          return true;
        }
      }
      return false;
    }
  }
}

package dev.portway.gateway.routing;

import dev.portway.gateway.config.MatchConfig;
import dev.portway.gateway.config.RouteConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The compiled route table. Routes are ranked once — higher {@code priority} first, then the more
 * specific one (exact path, then template, then regex, then prefix; longer literal path; exact host,
 * then wildcard host; more other conditions), then document order — and a request gets the best-ranked
 * route whose every condition holds. Immutable and safe to share between event loops.
 *
 * <p>Lookup does not scan every route: routes hang in a tree of literal path segments by the literal
 * head of their {@code path} ({@code /api/v1/users/{id}} under {@code api → v1 → users}); routes without
 * one ({@code /**}, {@code pathRegex}, no path) hang at the root. A request walks the tree along its own
 * segments and only checks the routes on that walk, each node's in rank order, stopping at the first
 * match that beats the best so far. A table of many services under distinct prefixes therefore costs
 * about the same per lookup as a table of ten.
 *
 * @param <R> what the caller compiled for each route (the proxy's per-route state)
 */
public final class Router<R> {

  private final List<Entry<R>> ranked;
  private final Node<R> root;

  private Router(List<Entry<R>> ranked, Node<R> root) {
    this.ranked = ranked;
    this.root = root;
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
    Node<R> root = new Node<>();
    for (int rank = 0; rank < entries.size(); rank++) {
      Entry<R> entry = entries.get(rank);
      entry.rank = rank;
      Node<R> node = root;
      for (String segment : entry.literalHead()) {
        node = node.children.computeIfAbsent(segment, s -> new Node<>());
      }
      // Entries are added in rank order, so every node's list is ranked too.
      node.entries.add(entry);
    }
    root.freeze();
    return new Router<>(List.copyOf(entries), root);
  }

  /** {@link #match(String, String, HttpMethod, MultiMap, String)} for a request without query string. */
  public R match(String host, String path, HttpMethod method, MultiMap headers) {
    return match(host, path, method, headers, null);
  }

  /**
   * The best route that takes the request, or {@code null} when none does.
   *
   * @param host  lower-case host name without port, or {@code null} when the request named none
   * @param path  the request path without query string
   * @param query the raw query string without {@code ?}, or {@code null}
   */
  public R match(String host, String path, HttpMethod method, MultiMap headers, String query) {
    Entry<R> best = root.first(Integer.MAX_VALUE, host, path, method, headers, query);
    Node<R> node = root;
    int pos = path.startsWith("/") ? 1 : 0;
    while (pos < path.length()) {
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = path.length();
      }
      if (end == pos) {
        break;
      }
      node = node.child(path, pos, end);
      if (node == null) {
        break;
      }
      Entry<R> found = node.first(best == null ? Integer.MAX_VALUE : best.rank, host, path, method, headers, query);
      if (found != null) {
        best = found;
      }
      pos = end + 1;
    }
    return best == null ? null : best.value;
  }

  /** Route ids in the order they are ranked; for tests and the admin API. */
  public List<String> order() {
    return ranked.stream().map(e -> e.config.id()).toList();
  }

  /** The compiled routes in rank order; for the admin API. */
  public List<R> routes() {
    return ranked.stream().map(e -> e.value).toList();
  }

  /**
   * A node of the literal-segment tree: the routes whose literal head ends here, in rank order. Children
   * sit in an open-addressing table keyed by {@link String#hashCode()}, which {@link #child} computes
   * over the request path's characters in place, so a lookup allocates no segment strings.
   */
  private static final class Node<R> {
    Map<String, Node<R>> children = new HashMap<>();
    List<Entry<R>> entries = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private Entry<R>[] frozen = new Entry[0];
    private String[] keys = new String[0];
    private Node<R>[] nodes;
    private int mask;

    @SuppressWarnings("unchecked")
    void freeze() {
      frozen = entries.toArray(frozen);
      entries = null;
      int capacity = Integer.highestOneBit(Math.max(1, children.size()) * 2) * 2;
      keys = new String[capacity];
      nodes = new Node[capacity];
      mask = capacity - 1;
      children.forEach((key, child) -> {
        int slot = key.hashCode() & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        nodes[slot] = child;
        child.freeze();
      });
      children = null;
    }

    /** The child for {@code path.substring(from, to)}, or {@code null}. */
    Node<R> child(String path, int from, int to) {
      int hash = 0;
      for (int i = from; i < to; i++) {
        hash = 31 * hash + path.charAt(i);
      }
      int length = to - from;
      for (int slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
        String key = keys[slot];
        if (key.length() == length && path.regionMatches(from, key, 0, length)) {
          return nodes[slot];
        }
      }
      return null;
    }

    /** The first route of this node ranked before {@code rankLimit} that takes the request. */
    Entry<R> first(int rankLimit, String host, String path, HttpMethod method, MultiMap headers, String query) {
      for (Entry<R> entry : frozen) {
        if (entry.rank >= rankLimit) {
          return null;
        }
        if (entry.matches(host, path, method, headers, query)) {
          return entry;
        }
      }
      return null;
    }
  }

  private static final class Entry<R> {
    final RouteConfig config;
    final int order;
    final R value;
    final PathPattern path;
    final Pattern pathRegex;
    final HostPattern[] hosts;
    final HttpMethod[] methods;
    final String[][] headers;
    final String[] headerRegexNames;
    final Pattern[] headerRegexes;
    final String[][] query;
    final String[] queryRegexNames;
    final Pattern[] queryRegexes;
    int rank;

    Entry(RouteConfig config, int order, R value) {
      this.config = config;
      this.order = order;
      this.value = value;
      MatchConfig match = config.match();
      this.path = match.path() == null ? null : PathPattern.compile(match.path());
      this.pathRegex = match.pathRegex() == null ? null : Pattern.compile(match.pathRegex());
      this.hosts = match.hosts().stream().map(HostPattern::compile).toArray(HostPattern[]::new);
      this.methods = match.methods().stream().map(HttpMethod::valueOf).toArray(HttpMethod[]::new);
      this.headers = pairs(match.headers());
      String[][] headerRegex = pairs(match.headerRegex());
      this.headerRegexNames = names(headerRegex);
      this.headerRegexes = patterns(headerRegex);
      this.query = pairs(match.query());
      String[][] queryRegex = pairs(match.queryRegex());
      this.queryRegexNames = names(queryRegex);
      this.queryRegexes = patterns(queryRegex);
    }

    private static String[][] pairs(Map<String, String> map) {
      return map.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .map(e -> new String[] {e.getKey(), e.getValue()})
          .toArray(String[][]::new);
    }

    private static String[] names(String[][] pairs) {
      return java.util.Arrays.stream(pairs).map(p -> p[0]).toArray(String[]::new);
    }

    private static Pattern[] patterns(String[][] pairs) {
      return java.util.Arrays.stream(pairs).map(p -> Pattern.compile(p[1])).toArray(Pattern[]::new);
    }

    List<String> literalHead() {
      return path == null ? List.of() : path.literalHead();
    }

    /**
     * Path kind dominates, then host kind, then how many other conditions there are. A regex ranks
     * between prefixes and templates: it usually says more than {@code /**} and less than a template.
     */
    int specificity() {
      int pathRank = path == null ? (pathRegex == null ? 0 : 2)
          : path.kind() == PathPattern.Kind.PREFIX ? 1 : path.kind().ordinal() + 2;
      int hostRank = hosts.length == 0 ? 0 : allExactHosts() ? 2 : 1;
      int conditions = headers.length + headerRegexes.length + query.length + queryRegexes.length
          + (methods.length > 0 ? 1 : 0);
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

    boolean matches(String host, String requestPath, HttpMethod method, MultiMap requestHeaders, String rawQuery) {
      if (path != null && !path.matches(requestPath)) {
        return false;
      }
      if (pathRegex != null && !pathRegex.matcher(requestPath).matches()) {
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
      for (int i = 0; i < headerRegexes.length; i++) {
        String value = requestHeaders.get(headerRegexNames[i]);
        if (value == null || !headerRegexes[i].matcher(value).matches()) {
          return false;
        }
      }
      for (String[] parameter : query) {
        if (!parameter[1].equals(QueryParams.first(rawQuery, parameter[0]))) {
          return false;
        }
      }
      for (int i = 0; i < queryRegexes.length; i++) {
        String value = QueryParams.first(rawQuery, queryRegexNames[i]);
        if (value == null || !queryRegexes[i].matcher(value).matches()) {
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

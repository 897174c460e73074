package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules a JSON Schema cannot express (references between entries, regex syntax, URLs, port clashes).
 * Runs on the tree even when the schema found mistakes, so one run reports everything; each check skips
 * nodes of the wrong shape, which the schema has already reported.
 */
final class SemanticChecks {

  /** RFC 9110 token: what HTTP methods and header names are made of. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

  private final YamlTree tree;
  private final Problems problems;

  private SemanticChecks(YamlTree tree, Problems problems) {
    this.tree = tree;
    this.problems = problems;
  }

  static void check(YamlTree tree, Problems problems) {
    new SemanticChecks(tree, problems).run();
  }

  private void run() {
    JsonNode root = tree.root();
    ports(root);
    ConfigPath upstreamsPath = ConfigPath.ROOT.key("upstreams");
    JsonNode upstreams = root.path("upstreams");
    upstreams.fields().forEachRemaining(entry -> upstream(entry.getValue(), upstreamsPath.key(entry.getKey())));
    Map<String, Integer> idLines = new HashMap<>();
    SecurityChecks security = new SecurityChecks(tree, problems);
    security.listener(root.path("listener"), ConfigPath.ROOT.key("listener"));
    upstreams.fields().forEachRemaining(entry -> security.upstream(entry.getValue(), upstreamsPath.key(entry.getKey())));
    forEachItem(root.path("routes"), ConfigPath.ROOT.key("routes"), (route, path) -> {
      route(route, path, upstreams, idLines);
      security.route(route, path);
    });
  }

  /** Visits the items of {@code array} with their paths; nothing when it is not a list (the schema said so). */
  private static void forEachItem(JsonNode array, ConfigPath path, BiConsumer<JsonNode, ConfigPath> visitor) {
    if (array.isArray()) {
      for (int i = 0; i < array.size(); i++) {
        visitor.accept(array.get(i), path.index(i));
      }
    }
  }

  private void ports(JsonNode root) {
    List<PortUse> uses = new ArrayList<>();
    portUse(root, "listener", ConfigBinder.LISTENER.port()).ifPresent(uses::add);
    portUse(root, "admin", ConfigBinder.ADMIN.port()).ifPresent(uses::add);
    if (root.has("echoServer")) {
      portUse(root, "echoServer", ConfigBinder.ECHO_SERVER.port()).ifPresent(uses::add);
    }
    for (int i = 0; i < uses.size(); i++) {
      for (int j = i + 1; j < uses.size(); j++) {
        PortUse first = uses.get(i);
        PortUse second = uses.get(j);
        if (first.port() != 0 && first.port() == second.port()) {
          // Blame the one the operator wrote, not the one that came from a default.
          PortUse blamed = second.explicit() ? second : first;
          PortUse other = blamed == second ? first : second;
          problems.atValue(tree, blamed.path(),
              "port " + blamed.port() + " is also used by " + other.path() + (other.explicit() ? "" : " (default)"));
        }
      }
    }
  }

  private record PortUse(ConfigPath path, int port, boolean explicit) {}

  private static Optional<PortUse> portUse(JsonNode root, String section, int defaultPort) {
    ConfigPath path = ConfigPath.ROOT.key(section).key("port");
    JsonNode port = root.path(section).path("port");
    if (port.isMissingNode()) {
      return Optional.of(new PortUse(path, defaultPort, false));
    }
    return port.isIntegralNumber() && port.canConvertToInt() ? Optional.of(new PortUse(path, port.intValue(), true)) : Optional.empty();
  }

  private void upstream(JsonNode upstream, ConfigPath path) {
    forEachItem(upstream.path("targets"), path.key("targets"), (target, targetPath) -> {
      JsonNode url = target.path("url");
      if (url.isTextual()) {
        try {
          TargetUrls.parse(url.textValue());
        } catch (IllegalArgumentException e) {
          problems.atValue(tree, targetPath.key("url"), e.getMessage());
        }
      }
    });
    timeouts(upstream.path("timeouts"), path.key("timeouts"));
    for (String section : new String[] {"healthCheck", "outlierDetection", "circuitBreaker"}) {
      timeouts(upstream.path(section), path.key(section));
    }
  }

  /** Every duration directly in {@code timeouts} (any object of durations) must be greater than 0. */
  private void timeouts(JsonNode timeouts, ConfigPath path) {
    timeouts.fields().forEachRemaining(entry -> {
      JsonNode value = entry.getValue();
      if (value.isTextual() && Durations.isDuration(value.textValue()) && Durations.parse(value.textValue()).isZero()) {
        problems.atValue(tree, path.key(entry.getKey()), "must be greater than 0 (got '" + value.textValue() + "')");
      }
    });
  }

  private void route(JsonNode route, ConfigPath path, JsonNode upstreams, Map<String, Integer> idLines) {
    JsonNode id = route.path("id");
    if (id.isTextual()) {
      int line = tree.valueAt(path.key("id")).line();
      Integer first = idLines.putIfAbsent(id.textValue(), line);
      if (first != null) {
        problems.atValue(tree, path.key("id"), "duplicate route id '" + id.textValue() + "' (first at line " + first + ")");
      }
    }
    JsonNode upstream = route.path("upstream");
    if (upstream.isTextual() && !upstreams.has(upstream.textValue())) {
      List<String> known = new ArrayList<>();
      upstreams.fieldNames().forEachRemaining(known::add);
      problems.atValue(tree, path.key("upstream"), "unknown upstream '" + upstream.textValue() + "' ("
          + (known.isEmpty() ? "no upstreams are defined" : "known: " + String.join(", ", known)) + ")");
    }
    match(route.path("match"), path.key("match"));
    JsonNode stripPrefix = route.path("stripPrefix");
    if (stripPrefix.isTextual() && stripPrefix.textValue().matches(".*[*{}].*")) {
      problems.atValue(tree, path.key("stripPrefix"), "must be a literal path prefix, without wildcards or templates");
    }
    rewritePath(route.path("rewritePath"), path.key("rewritePath"));
    timeouts(route.path("timeouts"), path.key("timeouts"));
    timeouts(route.path("retry"), path.key("retry"));
    for (String section : new String[] {"requestHeaders", "responseHeaders"}) {
      headerNames(route.path(section), path.key(section));
    }
    methods(route.path("retry").path("methods"), path.key("retry").key("methods"));
  }

  /** Header names under {@code set}, {@code add} and {@code remove} of a header-edit section must be tokens. */
  private void headerNames(JsonNode edits, ConfigPath path) {
    for (String kind : new String[] {"set", "add"}) {
      edits.path(kind).fieldNames().forEachRemaining(name -> {
        if (!TOKEN.matcher(name).matches()) {
          problems.atKey(tree, path.key(kind).key(name), "'" + name + "' is not a valid header name");
        }
      });
    }
    forEachItem(edits.path("remove"), path.key("remove"), (name, namePath) -> {
      if (name.isTextual() && !TOKEN.matcher(name.textValue()).matches()) {
        problems.atValue(tree, namePath, "'" + name.textValue() + "' is not a valid header name");
      }
    });
  }

  private void methods(JsonNode methods, ConfigPath path) {
    forEachItem(methods, path, (method, methodPath) -> {
      if (method.isTextual() && !TOKEN.matcher(method.textValue()).matches()) {
        problems.atValue(tree, methodPath, "'" + method.textValue() + "' is not a valid HTTP method");
      }
    });
  }

  private void match(JsonNode match, ConfigPath path) {
    JsonNode pattern = match.path("path");
    if (pattern.isTextual()) {
      PathPatterns.problem(pattern.textValue()).ifPresent(problem ->
          problems.atValue(tree, path.key("path"), "invalid path pattern '" + pattern.textValue() + "': " + problem));
    }
    forEachItem(match.path("hosts"), path.key("hosts"), (host, hostPath) -> {
      if (host.isTextual()) {
        hostProblem(host.textValue()).ifPresent(problem -> problems.atValue(tree, hostPath, problem));
      }
    });
    methods(match.path("methods"), path.key("methods"));
    for (String section : new String[] {"headers", "headerRegex"}) {
      match.path(section).fieldNames().forEachRemaining(name -> {
        if (!TOKEN.matcher(name).matches()) {
          problems.atKey(tree, path.key(section).key(name), "'" + name + "' is not a valid header name");
        }
      });
    }
    if (pattern.isTextual() && match.has("pathRegex")) {
      problems.atKey(tree, path.key("pathRegex"), "give either path or pathRegex, not both");
    }
    compiles(match.path("pathRegex"), path.key("pathRegex"));
    for (String section : new String[] {"headerRegex", "queryRegex"}) {
      match.path(section).fields().forEachRemaining(entry -> compiles(entry.getValue(), path.key(section).key(entry.getKey())));
    }
  }

  /** Reports a regex that does not compile; {@code true} when {@code regex} is a regex that does. */
  private boolean compiles(JsonNode regex, ConfigPath path) {
    if (!regex.isTextual()) {
      return false;
    }
    try {
      Pattern.compile(regex.textValue());
      return true;
    } catch (PatternSyntaxException e) {
      problems.atValue(tree, path, "invalid regex '" + regex.textValue() + "': " + e.getDescription()
          + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
      return false;
    }
  }

  private static Optional<String> hostProblem(String host) {
    String name = host.startsWith("*.") ? host.substring(2) : host;
    if (name.contains("*")) {
      return Optional.of("invalid host '" + host + "': a wildcard is only allowed as a leading '*.', as in *.example.com");
    }
    return HOST_NAME.matcher(name).matches() ? Optional.empty() : Optional.of("invalid host name '" + host + "'");
  }

  private void rewritePath(JsonNode rewrite, ConfigPath path) {
    JsonNode regex = rewrite.path("regex");
    if (!compiles(regex, path.key("regex"))) {
      return;
    }
    JsonNode replacement = rewrite.path("replacement");
    if (replacement.isTextual()) {
      replacementProblem(regex.textValue(), replacement.textValue())
          .ifPresent(problem -> problems.atValue(tree, path.key("replacement"), problem));
    }
  }

  /**
   * Group references ($2, ${name}) are only checked by Java when a replacement runs; run one on a variant
   * of the regex with the same groups that matches the empty string.
   */
  private static Optional<String> replacementProblem(String regex, String replacement) {
    Matcher matcher;
    try {
      matcher = Pattern.compile("(?:" + regex + "\n)|").matcher("");
    } catch (PatternSyntaxException e) {
      return Optional.empty();
    }
    matcher.find();
    try {
      matcher.appendReplacement(new StringBuilder(), replacement);
      return Optional.empty();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.of("invalid replacement '" + replacement + "' for regex '" + regex + "': " + e.getMessage());
    }
  }
}

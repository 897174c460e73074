package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML text to a {@link YamlTree}. SnakeYAML composes the node graph (with marks) but constructs no Java
 * objects; this class types the scalars itself so that environment variables are substituted before
 * typing ({@code port: ${PORT:-8080}} becomes an integer) and duplicate keys are reported with their line
 * instead of silently overwritten.
 */
final class YamlReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Resolver RESOLVER = new CoreSchemaResolver();

  /**
   * YAML 1.2 core schema typing instead of SnakeYAML's YAML 1.1: only true/false are booleans (not yes, no,
   * on, off: {@code X-Country: NO} stays a string) and no timestamps or sexagesimal numbers.
   */
  private static final class CoreSchemaResolver extends Resolver {
    private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern INT = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
    private static final Pattern FLOAT = Pattern.compile(
        "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+.0123456789");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, NULL, null);
    }
  }

  private final EnvInterpolator interpolator;
  private final Problems problems;
  private final Map<ConfigPath, Position> values = new HashMap<>();
  private final Map<ConfigPath, Position> keys = new HashMap<>();
  /** The collections being converted, to stop at an alias to an enclosing node ({@code &a [*a]}). */
  private final Set<Node> enclosing = Collections.newSetFromMap(new IdentityHashMap<>());

  private YamlReader(EnvInterpolator interpolator, Problems problems) {
    this.interpolator = interpolator;
    this.problems = problems;
  }

  /** The tree, or empty when the text is not a YAML document at all (the problem is then reported). */
  static Optional<YamlTree> read(String text, EnvInterpolator interpolator, Problems problems) {
    Node document;
    try {
      // Composed, not loaded: no object construction, so no YAML-driven class instantiation either. The
      // composer alone, without the Yaml facade, whose dumper and constructor would load classes for nothing.
      LoaderOptions options = new LoaderOptions();
      document = new Composer(new ParserImpl(new StreamReader(text), options), RESOLVER, options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(position(mark), ConfigPath.ROOT, syntaxMessage(e) + flowVariableHint(text, mark));
      return Optional.empty();
    } catch (YAMLException e) {
      problems.add(Position.START, ConfigPath.ROOT, "invalid YAML: " + e.getMessage());
      return Optional.empty();
    }
    if (document == null) {
      problems.add(Position.START, ConfigPath.ROOT, "the config is empty (expected a mapping such as 'routes: []')");
      return Optional.empty();
    }
    YamlReader reader = new YamlReader(interpolator, problems);
    JsonNode root = reader.convert(document, ConfigPath.ROOT);
    return Optional.of(new YamlTree(root, reader.values, reader.keys));
  }

  private static String syntaxMessage(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : "";
    String context = e.getContext() != null ? e.getContext() + ": " : "";
    return "invalid YAML: " + context + problem;
  }

  /** A plain ${VAR} inside { } or [ ] is a YAML syntax error that names neither the variable nor the cure. */
  private static String flowVariableHint(String text, Mark mark) {
    if (mark == null) {
      return "";
    }
    String[] lines = text.split("\\R", -1);
    boolean variableOnLine = mark.getLine() < lines.length && lines[mark.getLine()].contains("${");
    return variableOnLine ? " (inside { } or [ ], quote a variable: '${VAR}')" : "";
  }

  private static Position position(Mark mark) {
    return mark == null ? Position.START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private JsonNode convert(Node node, ConfigPath path) {
    values.put(path, position(node.getStartMark()));
    if (node instanceof ScalarNode) {
      return scalar((ScalarNode) node, path);
    }
    if (!enclosing.add(node)) {
      // SnakeYAML hands the anchored node itself for an alias, so its position is the anchor's.
      problems.add(values.get(path), path, "alias *" + node.getAnchor() + " refers to a node that contains it");
      return NODES.nullNode();
    }
    JsonNode converted = node instanceof MappingNode ? mapping((MappingNode) node, path) : sequence((SequenceNode) node, path);
    enclosing.remove(node);
    return converted;
  }

  private JsonNode sequence(SequenceNode node, ConfigPath path) {
    ArrayNode array = NODES.arrayNode();
    for (Node item : node.getValue()) {
      array.add(convert(item, path.index(array.size())));
    }
    return array;
  }

  private JsonNode mapping(MappingNode node, ConfigPath path) {
    ObjectNode object = NODES.objectNode();
    for (NodeTuple entry : node.getValue()) {
      Position keyPosition = position(entry.getKeyNode().getStartMark());
      if (!(entry.getKeyNode() instanceof ScalarNode)) {
        problems.add(keyPosition, path, "keys must be plain strings, not lists or mappings");
        continue;
      }
      String key = ((ScalarNode) entry.getKeyNode()).getValue();
      ConfigPath child = path.key(key);
      if (object.has(key)) {
        problems.add(keyPosition, child, "duplicate key '" + key + "' (first at line " + keys.get(child).line() + ")");
        continue;
      }
      keys.put(child, keyPosition);
      object.set(key, convert(entry.getValueNode(), child));
    }
    return object;
  }

  private JsonNode scalar(ScalarNode node, ConfigPath path) {
    String text = node.getValue();
    Tag tag = node.getTag();
    if (text.indexOf('$') >= 0) {
      String substituted;
      try {
        substituted = interpolator.interpolate(text);
      } catch (EnvInterpolator.InterpolationException e) {
        problems.add(values.get(path), path, e.getMessage());
        return NODES.textNode(text);
      }
      // Typed as if the value had been written there, quoted or not: inside { } or [ ] a variable must be
      // quoted to be valid YAML, and listener: { port: '${PORT}' } should still give an integer.
      if (!substituted.equals(text)) {
        tag = RESOLVER.resolve(NodeId.scalar, substituted, true);
      }
      text = substituted;
    }
    return typed(tag, text);
  }

  /** The core schema's types; explicitly tagged or unusual values stay strings for the schema to judge. */
  private static JsonNode typed(Tag tag, String text) {
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return NODES.booleanNode(text.equalsIgnoreCase("true"));
    }
    if (Tag.INT.equals(tag)) {
      BigInteger value = integer(text);
      return value.bitLength() < Long.SIZE ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return NODES.numberNode(Double.parseDouble(text));
      } catch (NumberFormatException e) {
        // .inf and .nan: valid YAML, never a sensible gateway setting.
        return NODES.textNode(text);
      }
    }
    return NODES.textNode(text);
  }

  private static BigInteger integer(String text) {
    if (text.startsWith("0x")) {
      return new BigInteger(text.substring(2), 16);
    }
    if (text.startsWith("0o")) {
      return new BigInteger(text.substring(2), 8);
    }
    return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
  }
}

package dev.portway.gateway.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON Schema shipped in the jar, applied with the networknt validator, and the translation of its
 * findings into {@code path: message} problems at the offending line. Fragments of the schema may carry
 * {@code errorMessage: {keyword: text}} for a message in the operator's terms (see a duration).
 */
final class ConfigSchema {

  static final String RESOURCE = "portway-config.schema.json";
  private static final String ID = "https://portway.dev/schema/portway-config.schema.json";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ConfigSchema INSTANCE = new ConfigSchema();

  private final JsonNode schemaNode;
  private final Schema schema;

  private ConfigSchema() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("config schema " + RESOURCE + " is missing from the classpath");
      }
      schemaNode = readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config schema " + RESOURCE, e);
    }
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().errorMessageKeyword("errorMessage").build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    schema = registry.getSchema(SchemaLocation.of(ID), schemaNode);
    schema.initializeValidators();
  }

  /**
   * The schema document as a tree, read with Jackson's streaming parser rather than an {@code ObjectMapper}:
   * a mapper loads some 600 classes, about a tenth of a start (decision 1009). Numbers take the node types
   * {@code ObjectMapper.readTree} would give them.
   */
  private static JsonNode readTree(InputStream in) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(in)) {
      parser.nextToken();
      return readValue(parser);
    }
  }

  private static JsonNode readValue(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, readValue(parser));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser));
        }
        return array;
      case VALUE_STRING:
        return new SchemaText(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(parser.getBooleanValue());
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected " + parser.currentToken() + " in the config schema at " + parser.currentLocation());
    }
  }

  /**
   * A schema string that prints itself as a JSON string. networknt prints every {@code enum} value when it
   * builds the validator, and {@code JsonNode.toString()} would build an {@code ObjectMapper} to do it.
   */
  private static final class SchemaText extends TextNode {
    private static final long serialVersionUID = 1L;

    SchemaText(String text) {
      super(text);
    }

    @Override
    public String toString() {
      StringBuilder quoted = new StringBuilder(textValue().length() + 2);
      appendQuoted(quoted, textValue());
      return quoted.toString();
    }
  }

  static ConfigSchema get() {
    return INSTANCE;
  }

  /** The schema document itself, for defaults and documentation checks. */
  JsonNode document() {
    return schemaNode;
  }

  void validate(YamlTree tree, Problems problems) {
    for (Error error : schema.validate(tree.root())) {
      report(error, tree, problems);
    }
  }

  private void report(Error error, YamlTree tree, Problems problems) {
    ConfigPath at = ConfigPath.of(error.getInstanceLocation());
    String property = error.getProperty();
    switch (error.getKeyword()) {
      case "additionalProperties":
        problems.atKey(tree, at.key(property), "unknown key '" + property + "'" + knownKeysHint(error, property));
        break;
      case "propertyNames":
        problems.atKey(tree, at.key(property), "invalid name '" + property + "': " + error.getArguments()[1]);
        break;
      case "required":
        // The key is absent, so the line is its parent's.
        problems.add(tree.valueAt(at), at.key(property), "missing required key '" + property + "'");
        break;
      case "type":
        problems.atValue(tree, at, error.isCustomMessage()
            ? withValue(error.getMessage(), error.getInstanceNode())
            : "expected " + yamlTypeName(error.getArguments()[1].toString()) + ", got " + describe(error.getInstanceNode()));
        break;
      case "enum":
        problems.atValue(tree, at, withValue("must be one of " + enumValues(error.getSchemaNode()), error.getInstanceNode()));
        break;
      default:
        problems.atValue(tree, at, withValue(error.getMessage(), error.getInstanceNode()));
    }
  }

  private String knownKeysHint(Error error, String property) {
    List<String> known = new ArrayList<>();
    siblingKeyword(error, "properties").fieldNames().forEachRemaining(known::add);
    if (known.isEmpty()) {
      return " (this mapping takes no keys)";
    }
    Optional<String> suggestion = Suggestions.closest(property, known);
    return suggestion.map(s -> " (did you mean '" + s + "'?)").orElse(" (known keys: " + String.join(", ", known) + ")");
  }

  /** The keyword next to the one that failed, in the same schema object. */
  private JsonNode siblingKeyword(Error error, String keyword) {
    NodePath failed = error.getSchemaLocation().getFragment();
    JsonPointer pointer = JsonPointer.empty();
    for (int i = 0; i < failed.getNameCount() - 1; i++) {
      Object element = failed.getElement(i);
      pointer = element instanceof Integer
          ? pointer.appendIndex((Integer) element)
          : pointer.appendProperty(element.toString());
    }
    return schemaNode.at(pointer).path(keyword);
  }

  /** JSON Schema type names in the words of YAML writers. */
  private static String yamlTypeName(String schemaType) {
    switch (schemaType) {
      case "object":
        return "a mapping";
      case "array":
        return "a list";
      case "integer":
        return "an integer";
      default:
        return "a " + schemaType;
    }
  }

  private static String enumValues(JsonNode values) {
    List<String> texts = new ArrayList<>();
    values.forEach(value -> texts.add(value.asText()));
    return String.join(", ", texts);
  }

  private static String withValue(String message, JsonNode value) {
    return value != null && value.isValueNode() ? message + " (got " + describe(value) + ")" : message;
  }

  private static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    switch (value.getNodeType()) {
      case STRING:
        return "string '" + value.asText() + "'";
      case NUMBER:
        return "number " + value.asText();
      case BOOLEAN:
        return "boolean " + value.asText();
      case NULL:
        return "an empty value";
      case ARRAY:
        return "a list";
      case OBJECT:
        return "a mapping";
      default:
        return value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
  }
}

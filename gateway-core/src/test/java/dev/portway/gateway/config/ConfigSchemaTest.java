package dev.portway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps the schema honest: closed objects, and defaults equal to what the loader applies. */
class ConfigSchemaTest {

  private static final JsonNode SCHEMA = ConfigSchema.get().document();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void isDraft2020_12() {
    assertThat(SCHEMA.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void everyObjectWithPropertiesRejectsUnknownKeys() {
    List<String> open = new ArrayList<>();
    collectOpenObjects(SCHEMA, "#", open);

    assertThat(open).as("schema objects with properties but without additionalProperties: false").isEmpty();
  }

  private static void collectOpenObjects(JsonNode node, String pointer, List<String> open) {
    if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
      open.add(pointer);
    }
    node.fields().forEachRemaining(entry -> {
      if (entry.getValue().isObject()) {
        collectOpenObjects(entry.getValue(), pointer + "/" + entry.getKey(), open);
      }
    });
  }

  @Test
  void theConfigurationReferenceNamesEveryKeyOfTheSchema() throws IOException {
    // Tests run in the module directory; the reference lives at the repository root.
    String reference = Files.readString(Path.of("../docs/configuration.md"));
    Set<String> keys = new TreeSet<>();
    collectPropertyNames(SCHEMA, keys);

    assertThat(keys).isNotEmpty().allSatisfy(key ->
        assertThat(reference).as("docs/configuration.md mentions `%s`", key).containsPattern("`[^`\\n]*\\b" + key + "\\b[^`\\n]*`"));
  }

  private static void collectPropertyNames(JsonNode node, Set<String> keys) {
    node.path("properties").fieldNames().forEachRemaining(keys::add);
    node.elements().forEachRemaining(child -> collectPropertyNames(child, keys));
  }

  @Test
  void topLevelDefaultsAreTheOnesTheLoaderApplies() {
    GatewayConfig defaults = ConfigLoader.create(Map.of()).parse("echoServer: {}\n", "defaults.yaml");
    JsonNode properties = SCHEMA.path("properties");

    // The listener's tls and limits have defaults of their own (SecurityConfigsTest).
    assertThat(properties.at("/listener/default"))
        .isEqualTo(JSON.valueToTree(Map.of("host", defaults.listener().host(), "port", defaults.listener().port())));
    assertThat(properties.at("/admin/default")).isEqualTo(JSON.valueToTree(defaults.admin()));
    assertThat(properties.at("/echoServer/default")).isEqualTo(JSON.valueToTree(defaults.echoServer()));
    assertThat(Durations.parse(properties.at("/drainTimeout/default").asText())).isEqualTo(defaults.drainTimeout());
    assertThat(properties.at("/accessLog/properties/enabled/default").asBoolean()).isEqualTo(defaults.accessLog().enabled());
  }

  @Test
  void upstreamRouteAndTimeoutDefaultsAreTheOnesTheLoaderApplies() {
    GatewayConfig config = ConfigLoader.create(Map.of()).parse(String.join("\n",
        "upstreams: { echo: { targets: [{ url: 'http://127.0.0.1:9903' }] } }",
        "routes: [{ id: echo, upstream: echo }]"), "defaults.yaml");
    JsonNode defs = SCHEMA.path("$defs");
    TimeoutsConfig timeouts = config.routes().get(0).timeouts();

    assertThat(defs.at("/upstream/properties/loadBalancer/default").asText())
        .isEqualTo(config.upstreams().get("echo").loadBalancer());
    assertThat(defs.at("/route/properties/priority/default").asInt()).isEqualTo(config.routes().get(0).priority());
    assertThat(Durations.parse(defs.at("/timeouts/properties/connect/default").asText())).isEqualTo(timeouts.connect());
    assertThat(Durations.parse(defs.at("/timeouts/properties/response/default").asText())).isEqualTo(timeouts.response());
    assertThat(Durations.parse(defs.at("/timeouts/properties/idle/default").asText())).isEqualTo(timeouts.idle());
  }
}

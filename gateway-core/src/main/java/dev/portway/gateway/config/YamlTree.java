package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The parsed document as a Jackson tree (what the schema validator takes) plus where each node and each
 * map key stands in the text, so any later error can name its line.
 */
record YamlTree(JsonNode root, Map<ConfigPath, Position> values, Map<ConfigPath, Position> keys) {

  YamlTree {
    values = Map.copyOf(values);
    keys = Map.copyOf(keys);
  }

  /** Where the value at {@code path} starts, or its nearest present ancestor (for a missing key). */
  Position valueAt(ConfigPath path) {
    ConfigPath at = path;
    while (!values.containsKey(at) && !at.segments().isEmpty()) {
      at = at.parent();
    }
    return values.getOrDefault(at, Position.START);
  }

  /** Where the key naming {@code path} stands; list items and the root have no key, so their value. */
  Position keyAt(ConfigPath path) {
    Position key = keys.get(path);
    return key != null ? key : valueAt(path);
  }
}

package dev.portway.gateway.config;

import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;

/** A location in the config document: map keys ({@link String}) and list indexes ({@link Integer}). */
record ConfigPath(List<Object> segments) {

  static final ConfigPath ROOT = new ConfigPath(List.of());

  ConfigPath {
    segments = List.copyOf(segments);
  }

  static ConfigPath of(NodePath nodePath) {
    List<Object> segments = new ArrayList<>(nodePath.getNameCount());
    for (int i = 0; i < nodePath.getNameCount(); i++) {
      segments.add(nodePath.getElement(i));
    }
    return new ConfigPath(segments);
  }

  ConfigPath key(String key) {
    return append(key);
  }

  ConfigPath index(int index) {
    return append(index);
  }

  private ConfigPath append(Object segment) {
    List<Object> longer = new ArrayList<>(segments);
    longer.add(segment);
    return new ConfigPath(longer);
  }

  ConfigPath parent() {
    return segments.isEmpty() ? this : new ConfigPath(segments.subList(0, segments.size() - 1));
  }

  boolean startsWith(ConfigPath prefix) {
    return segments.size() >= prefix.segments.size()
        && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
  }

  /** {@code $} for the root, else {@code routes[2].upstream} style. */
  @Override
  public String toString() {
    if (segments.isEmpty()) {
      return "$";
    }
    StringBuilder out = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer) {
        out.append('[').append(segment).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }
}

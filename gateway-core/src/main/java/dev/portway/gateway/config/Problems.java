package dev.portway.gateway.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the mistakes of one load, through its stages (YAML, schema, semantic checks). A later stage
 * stays silent about a node an earlier stage already reported, so one mistake (an undefined variable
 * left in a port, an empty URL) is not echoed as two.
 */
final class Problems {

  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();
  private final Set<ConfigPath> reportedInStage = new HashSet<>();
  private final Set<ConfigPath> reportedEarlier = new HashSet<>();

  Problems(String file) {
    this.file = file;
  }

  /** The config's source as given (a file name, or a name in angle brackets for text without a file). */
  String file() {
    return file;
  }

  void add(Position at, ConfigPath path, String message) {
    if (reportedEarlier.stream().anyMatch(path::startsWith)) {
      return;
    }
    reportedInStage.add(path);
    errors.add(new ConfigError(file, at.line(), at.column(), path.toString(), message));
  }

  /** Reports at the value of {@code path}. */
  void atValue(YamlTree tree, ConfigPath path, String message) {
    add(tree.valueAt(path), path, message);
  }

  /** Reports at the key of {@code path} (unknown or misnamed keys). */
  void atKey(YamlTree tree, ConfigPath path, String message) {
    add(tree.keyAt(path), path, message);
  }

  void endStage() {
    reportedEarlier.addAll(reportedInStage);
    reportedInStage.clear();
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw exception();
    }
  }

  /** Everything reported so far, once each, in document order. */
  ConfigException exception() {
    List<ConfigError> sorted = new ArrayList<>(new LinkedHashSet<>(errors));
    sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
    return new ConfigException(sorted);
  }
}

package dev.portway.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The config could not be loaded. Carries every mistake found, not just the first, so one edit-run cycle
 * fixes them all; the message has one line per mistake in {@link ConfigError#toString()} form.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** The mistakes in document order (by line, then column). */
  public List<ConfigError> errors() {
    return errors;
  }
}

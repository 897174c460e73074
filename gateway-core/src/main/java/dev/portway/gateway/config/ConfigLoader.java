package dev.portway.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a Portway YAML config into a validated {@link GatewayConfig}: YAML (with line/column of every
 * node), {@code ${ENV}} interpolation, the JSON Schema {@code portway-config.schema.json}, then the
 * semantic checks. Every mistake found is reported at once in a {@link ConfigException}.
 *
 * <p>Thread-safe and stateless apart from the environment given at creation.
 */
public final class ConfigLoader {

  private final EnvInterpolator interpolator;

  private ConfigLoader(Map<String, String> env) {
    this.interpolator = new EnvInterpolator(env);
  }

  /** A loader that interpolates from the process environment. */
  public static ConfigLoader create() {
    return create(System.getenv());
  }

  /** A loader that interpolates from {@code env} only (tests, or a pre-filtered environment). */
  public static ConfigLoader create(Map<String, String> env) {
    return new ConfigLoader(env);
  }

  /**
   * Loads {@code file} (UTF-8); errors name the file as given.
   *
   * @throws ConfigException when the file cannot be read or holds mistakes
   */
  public GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigError(file.toString(), 0, 0, ConfigPath.ROOT.toString(),
          "cannot read the config file: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
    }
    return parse(text, file.toString());
  }

  /**
   * Parses {@code yamlText}; {@code sourceName} names it in errors and becomes {@link GatewayConfig#source()}.
   *
   * @throws ConfigException listing every mistake, in document order
   */
  public GatewayConfig parse(String yamlText, String sourceName) {
    Problems problems = new Problems(sourceName);
    YamlTree tree = YamlReader.read(yamlText, interpolator, problems).orElseThrow(problems::exception);
    problems.endStage();
    ConfigSchema.get().validate(tree, problems);
    problems.endStage();
    SemanticChecks.check(tree, problems);
    problems.throwIfAny();
    return ConfigBinder.bind(tree.root(), sourceName);
  }
}

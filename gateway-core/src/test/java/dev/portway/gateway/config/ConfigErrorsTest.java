package dev.portway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of mistake, in a file of its own under {@code config/invalid/}, and where it is reported. */
class ConfigErrorsTest {

  private static final ConfigLoader LOADER = ConfigLoader.create(Map.of());

  @ParameterizedTest(name = "{0} → {1}:{2} {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # file                     | line | column | path                                | message fragment
      unknown-key-root.yaml      |  1   |  1     | listner                             | unknown key 'listner' (did you mean 'listener'?)
      unknown-key-upstream.yaml  |  5   |  5     | upstreams.echo.loadbalancer         | unknown key 'loadbalancer' (did you mean 'loadBalancer'?)
      unknown-key-match.yaml     |  8   |  7     | routes[0].match.methds              | unknown key 'methds' (did you mean 'methods'?)
      unknown-key-timeouts.yaml  |  9   |  7     | routes[0].timeouts.conect           | unknown key 'conect' (did you mean 'connect'?)
      wrong-type-port.yaml       |  3   |  9     | listener.port                       | expected an integer, got string 'eighty'
      wrong-type-routes.yaml     |  3   |  3     | routes                              | expected a list, got a mapping
      missing-required-key.yaml  |  5   |  5     | routes[0].upstream                  | missing required key 'upstream'
      no-targets.yaml            |  3   | 14     | upstreams.echo.targets              | must list at least one target
      unknown-load-balancer.yaml |  4   | 19     | upstreams.echo.loadBalancer         | must be one of round-robin
      port-out-of-range.yaml     |  2   |  9     | listener.port                       | must be a port number from 0 to 65535 (got number 70000)
      bad-upstream-name.yaml     |  2   |  3     | upstreams.user service              | invalid name 'user service': must contain only letters, digits
      bad-duration.yaml          |  1   | 15     | drainTimeout                        | must be a duration such as 250ms, 5s, 2m or 1h (got string '5 seconds')
      zero-timeout.yaml          |  4   | 26     | upstreams.echo.timeouts.connect     | must be greater than 0
      unknown-upstream.yaml      |  9   | 15     | routes[0].upstream                  | unknown upstream 'user' (known: users, echo)
      duplicate-route-id.yaml    |  9   |  9     | routes[2].id                        | duplicate route id 'echo' (first at line 5)
      bad-regex.yaml             |  8   | 14     | routes[0].rewritePath.regex         | invalid regex '^/old/(.*$': Unclosed group
      bad-replacement.yaml       |  7   | 55     | routes[0].rewritePath.replacement   | No group 2
      bad-path-pattern.yaml      |  6   | 20     | routes[0].match.path                | '**' is only allowed as the last segment
      bad-host-wildcard.yaml     |  9   | 11     | routes[0].match.hosts[1]            | a wildcard is only allowed as a leading '*.'
      bad-method.yaml            |  6   | 29     | routes[0].match.methods[1]          | 'PO ST' is not a valid HTTP method
      bad-url-scheme.yaml        |  4   | 14     | upstreams.files.targets[0].url      | must start with http:// or https://
      bad-url-path.yaml          |  4   | 14     | upstreams.users.targets[0].url      | must be only scheme://host[:port]
      duplicate-port.yaml        |  2   | 16     | admin.port                          | port 9000 is also used by listener.port
      duplicate-port-default.yaml|  2   |  9     | admin.port                          | port 8080 is also used by listener.port (default)
      undefined-env-var.yaml     |  2   |  9     | listener.port                       | environment variable 'GATEWAY_PORT' is not set
      yaml-syntax-error.yaml     |  3   |  2     | $                                   | invalid YAML: while parsing a block mapping
      duplicate-yaml-key.yaml    |  5   |  1     | listener                            | duplicate key 'listener' (first at line 1)
      empty.yaml                 |  1   |  1     | $                                   | the config is empty
      comments-only.yaml         |  1   |  1     | $                                   | the config is empty
      recursive-alias.yaml       |  2   |  9     | upstreams.echo.timeouts             | alias *loop refers to a node that contains it
      """)
  void reportsTheMistakeAtItsNode(String fileName, int line, int column, String path, String fragment) {
    Path file = resource("config/invalid/" + fileName);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.load(file));

    assertThat(e).as("a ConfigException for %s", fileName).isNotNull();
    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.file()).isEqualTo(file.toString());
      assertThat(error.line()).as("line").isEqualTo(line);
      assertThat(error.column()).as("column").isEqualTo(column);
      assertThat(error.path()).as("path").isEqualTo(path);
      assertThat(error.message()).contains(fragment);
    });
  }

  @Test
  void reportsEveryMistakeOfOneFileInDocumentOrder() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> LOADER.load(resource("config/invalid/many-mistakes.yaml")));

    assertThat(e.errors()).extracting(ConfigError::line, ConfigError::path).containsExactly(
        tuple(2, "listener.port"),
        tuple(3, "drainTimout"),
        tuple(10, "upstreams.echo.targets[0].url"),
        tuple(13, "routes[0].upstream"),
        tuple(14, "routes[1].id"),
        tuple(15, "routes[1].match.path"),
        tuple(17, "routes[1].rewritePath.regex"),
        tuple(18, "routes[1].timeouts.response"));
  }

  @Test
  void messageHasOneLinePerErrorAsFileLineColumnPathMessage() {
    String yaml = String.join("\n",
        "upstreams:",
        "  users: { targets: [{ url: http://users.internal }] }",
        "  echo: { targets: [{ url: http://127.0.0.1:9903 }] }",
        "routes:",
        "  - id: users",
        "    upstream: user",
        "    priority: high");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse(yaml, "portway.yaml"));

    assertThat(e.getMessage()).isEqualTo(String.join("\n",
        "portway.yaml:6:15: routes[0].upstream: unknown upstream 'user' (known: users, echo)",
        "portway.yaml:7:15: routes[0].priority: expected an integer, got string 'high'"));
  }

  @Test
  void aSchemaErrorIsNotEchoedByTheSemanticChecks() {
    // An empty URL breaks the schema's minLength; the URL check must not add "invalid URL" on top.
    String yaml = "upstreams:\n  echo:\n    targets: [{ url: '' }]\n";

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse(yaml, "p.yaml"));

    assertThat(e.errors()).singleElement().extracting(ConfigError::path).isEqualTo("upstreams.echo.targets[0].url");
  }

  @Test
  void anUnknownKeyWithoutCloseMatchListsTheKnownKeys() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> LOADER.parse("listener:\n  bind: 0.0.0.0\n", "p.yaml"));

    assertThat(e.errors()).singleElement().extracting(ConfigError::message)
        .asString().startsWith("unknown key 'bind' (known keys: host, port");
  }

  @Test
  void anUnreadableFileIsAnErrorWithoutPosition() {
    Path missing = Path.of("does-not-exist.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.load(missing));

    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.line()).isZero();
      assertThat(error.toString()).startsWith("does-not-exist.yaml: $: cannot read the config file: NoSuchFileException");
    });
  }

  static Path resource(String name) {
    try {
      return Path.of(ConfigErrorsTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

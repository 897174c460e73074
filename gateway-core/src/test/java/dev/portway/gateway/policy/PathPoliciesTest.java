package dev.portway.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPoliciesTest {

  @ParameterizedTest(name = "stripPrefix {0}: {1} -> {2}")
  @CsvSource({
      "/echo, /echo/hello, /hello",
      "/echo, /echo, /",
      "/echo, /echo/, /",
      "/echo/, /echo/a/b, /a/b",
      "/echo, /echoes, /echoes",
      "/echo, /other, /other",
  })
  void stripPrefix(String prefix, String path, String expected) {
    assertThat(new StripPrefix(prefix).strip(path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "rewritePath {0} -> {1}: {2} -> {3}")
  @CsvSource({
      "^/old/(.*)$, /new/$1, /old/a/b, /new/a/b",
      "^/old/(.*)$, /new/$1, /other, /other",
      "^/v(?<version>[0-9]+)/(.*)$, /api/${version}/$2, /v2/users, /api/2/users",
      "^/(.*)$, $1, /relative, /relative",
  })
  void rewritePath(String regex, String replacement, String path, String expected) {
    assertThat(new RewritePath(regex, replacement).rewrite(path)).isEqualTo(expected);
  }
}

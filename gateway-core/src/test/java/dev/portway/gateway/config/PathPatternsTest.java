package dev.portway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternsTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/health", "/echo/**", "/**", "/users/{id}", "/users/{id}/orders/{order_id}",
      "/users/{id}/**", "/trailing/", "/v1.2/items"})
  void accepts(String pattern) {
    assertThat(PathPatterns.problem(pattern)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # pattern            | problem fragment
      echo                 | must start with /
      /a//b                | empty segment
      /a/**/b              | '**' is only allowed as the last segment
      /a/*                 | '*' is only allowed as a whole last segment
      /a/b*                | '*' is only allowed as a whole last segment
      /users/id{id}        | a template variable must be a whole segment
      /users/{id           | a template variable must be a whole segment
      /users/{1d}          | a template variable must be a whole segment
      /a/{id}/b/{id}       | template variable {id} appears twice
      /search?q=x          | must not contain a query
      """)
  void rejects(String pattern, String fragment) {
    assertThat(PathPatterns.problem(pattern)).hasValueSatisfying(problem -> assertThat(problem).contains(fragment));
  }
}

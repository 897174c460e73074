package dev.portway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvInterpolatorTest {

  private static final EnvInterpolator INTERPOLATOR =
      new EnvInterpolator(Map.of("HOST", "users.internal", "PORT", "8080", "EMPTY", ""));

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # text                              | result
      plain text                          | plain text
      ${PORT}                             | 8080
      http://${HOST}:${PORT}              | http://users.internal:8080
      ${MISSING:-fallback}                | fallback
      ${MISSING:-}                        | ""
      ${EMPTY:-fallback}                  | fallback
      ${EMPTY}                            | ""
      ${PORT:-9999}                       | 8080
      ${MISSING:-a:-b}                    | a:-b
      $${PORT}                            | ${PORT}
      $$${PORT}                           | $${PORT}
      price: $5                           | price: $5
      ^/old/(.*)$                         | ^/old/(.*)$
      """)
  void substitutes(String text, String result) throws Exception {
    assertThat(INTERPOLATOR.interpolate(text)).isEqualTo(result == null ? "" : result);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # text              | message fragment
      ${MISSING}          | environment variable 'MISSING' is not set
      x-${PORT            | unterminated '${'
      ${1PORT}            | invalid environment variable name '1PORT'
      ${}                 | invalid environment variable name ''
      """)
  void rejects(String text, String fragment) {
    assertThatThrownBy(() -> INTERPOLATOR.interpolate(text))
        .isInstanceOf(EnvInterpolator.InterpolationException.class)
        .hasMessageContaining(fragment);
  }
}

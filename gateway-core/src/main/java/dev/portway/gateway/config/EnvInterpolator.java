package dev.portway.gateway.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in scalar values with environment variables;
 * {@code $${} stands for a literal {@code ${}. Like the shell, the default also applies when the
 * variable is set but empty.
 */
final class EnvInterpolator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;

  EnvInterpolator(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Thrown with an operator-readable message; the caller adds line and path. */
  static final class InterpolationException extends Exception {
    private static final long serialVersionUID = 1L;

    InterpolationException(String message) {
      super(message);
    }
  }

  String interpolate(String text) throws InterpolationException {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new InterpolationException("unterminated '${' in '" + text + "' (escape a literal one as '$${')");
        }
        out.append(resolve(text.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String expression) throws InterpolationException {
    int separator = expression.indexOf(":-");
    String name = separator < 0 ? expression : expression.substring(0, separator);
    if (!NAME.matcher(name).matches()) {
      throw new InterpolationException("invalid environment variable name '" + name + "' in '${" + expression + "}'");
    }
    String value = env.get(name);
    if (separator >= 0 && (value == null || value.isEmpty())) {
      return expression.substring(separator + 2);
    }
    if (value == null) {
      throw new InterpolationException(
          "environment variable '" + name + "' is not set (give a default with ${" + name + ":-value})");
    }
    return value;
  }
}

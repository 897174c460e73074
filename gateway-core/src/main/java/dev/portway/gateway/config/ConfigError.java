package dev.portway.gateway.config;

/**
 * One mistake in a config file.
 *
 * @param file    the source name given to the loader (usually the file path)
 * @param line    1-based line of the offending node; 0 when the mistake has no position (unreadable file)
 * @param column  1-based column of the offending node; 0 when {@code line} is 0
 * @param path    where in the document, e.g. {@code routes[2].upstream}, {@code upstreams.users.targets[0].url},
 *                or {@code $} for the root
 * @param message what is wrong, readable by an operator
 */
public record ConfigError(String file, int line, int column, String path, String message) {

  /** {@code <file>:<line>:<column>: <path>: <message>}, the form editors and CI logs link to a position. */
  @Override
  public String toString() {
    String position = line > 0 ? file + ":" + line + ":" + column : file;
    return position + ": " + path + ": " + message;
  }
}

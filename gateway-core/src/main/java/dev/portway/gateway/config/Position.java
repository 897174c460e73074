package dev.portway.gateway.config;

/** A 1-based line and column in the YAML text. */
record Position(int line, int column) {

  static final Position START = new Position(1, 1);
}

package dev.portway.server;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code portway} command line.
 *
 * <pre>
 * portway [--config FILE]             run the gateway (the embedded default config without --config)
 * portway validate --config FILE      check a config: exit 0, or 2 printing every error
 * portway healthcheck [--url URL]     exit 0 if URL answers 200, else 1 (the container HEALTHCHECK)
 * portway --version | --help
 * </pre>
 */
public final class Main {

  static final int OK = 0;
  static final int FAILURE = 1;
  static final int INVALID_CONFIG = 2;
  /** BSD sysexits EX_USAGE: the command line itself is wrong. */
  static final int USAGE = 64;
  /** {@link #execute} result for a gateway that is now running: keep the JVM alive. */
  static final int RUNNING = -1;

  static final String DEFAULT_HEALTH_URL = "http://127.0.0.1:9901/health/ready";

  static final String USAGE_TEXT = """
      Usage:
        portway [--config FILE]            run the gateway (embedded default config without --config)
        portway validate --config FILE     check a config; exit 0, or 2 printing the errors
        portway healthcheck [--url URL]    exit 0 if URL answers 200, else 1 (default %s)
        portway --version                  print the version
        portway --help                     print this help
      Environment: PORTWAY_LOG_FORMAT=plain|json (default plain), PORTWAY_LOG_LEVEL (default INFO).
      """.formatted(DEFAULT_HEALTH_URL);

  private static final Set<String> LOG_FORMATS = Set.of("plain", "json");

  private Main() {}

  public static void main(String[] args) {
    int code = execute(args, System.out, System.err);
    if (code != RUNNING) {
      System.exit(code);
    }
  }

  /** Runs one command and returns its exit code, or {@link #RUNNING} when the gateway was started. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    String logFormat = System.getenv("PORTWAY_LOG_FORMAT");
    if (logFormat != null && !LOG_FORMATS.contains(logFormat)) {
      return usage(err, "PORTWAY_LOG_FORMAT must be plain or json, not '" + logFormat + "'");
    }
    List<String> rest = new ArrayList<>(List.of(args));
    String command = rest.isEmpty() || rest.get(0).startsWith("-") ? "run" : rest.remove(0);
    Options options;
    try {
      options = Options.parse(rest);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    if (options.help()) {
      out.print(USAGE_TEXT);
      return OK;
    }
    if (options.version()) {
      out.println("portway " + version());
      return OK;
    }
    return switch (command) {
      case "run" -> options.url() != null
          ? usage(err, "--url belongs to healthcheck")
          : Serve.start(options.config(), err);
      case "validate" -> options.config() == null
          ? usage(err, "validate needs --config FILE")
          : options.url() != null ? usage(err, "--url belongs to healthcheck") : Validate.run(options.config(), out, err);
      case "healthcheck" -> options.config() != null
          ? usage(err, "--config does not apply to healthcheck")
          : Healthcheck.run(options.url() == null ? URI.create(DEFAULT_HEALTH_URL) : options.url(), err);
      default -> usage(err, "unknown command '" + command + "'");
    };
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static int usage(PrintStream err, String problem) {
    err.println("portway: " + problem);
    err.print(USAGE_TEXT);
    return USAGE;
  }

  /** The options after the command; each at most once. */
  record Options(Path config, URI url, boolean help, boolean version) {

    static Options parse(List<String> args) {
      Path config = null;
      URI url = null;
      boolean help = false;
      boolean version = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        switch (name) {
          case "--help", "-h" -> help = true;
          case "--version" -> version = true;
          case "--config", "--url" -> {
            String value;
            if (arg.contains("=")) {
              value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
              value = args.get(++i);
            } else {
              throw new IllegalArgumentException(name + " needs a value");
            }
            if (name.equals("--config")) {
              if (config != null) {
                throw new IllegalArgumentException("--config given twice");
              }
              config = Path.of(value);
            } else {
              if (url != null) {
                throw new IllegalArgumentException("--url given twice");
              }
              url = parseUrl(value);
            }
          }
          default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
      }
      return new Options(config, url, help, version);
    }

    private static URI parseUrl(String value) {
      try {
        URI uri = URI.create(value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new IllegalArgumentException("--url must be an http or https URL, not '" + value + "'");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--url must be an http or https URL, not '" + value + "'");
      }
    }
  }
}

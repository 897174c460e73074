package dev.portway.server;

import dev.portway.gateway.config.ConfigException;
import dev.portway.gateway.config.ConfigLoader;
import dev.portway.gateway.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code portway validate --config FILE}. */
final class Validate {

  private Validate() {}

  static int run(Path file, PrintStream out, PrintStream err) {
    try {
      GatewayConfig config = ConfigLoader.create().load(file);
      out.println(config.source() + ": valid (" + config.routes().size() + " routes, "
          + config.upstreams().size() + " upstreams)");
      return Main.OK;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return Main.INVALID_CONFIG;
    }
  }
}

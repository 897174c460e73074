package dev.portway.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * {@code portway healthcheck [--url URL]}: the container HEALTHCHECK, which has no shell or curl. Uses
 * the JDK's own HTTP client so it needs nothing beyond the runtime.
 */
final class Healthcheck {

  static final int TIMEOUT_MILLIS = 3_000;

  private Healthcheck() {}

  static int run(URI url, PrintStream err) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      int status = connection.getResponseCode();
      if (status == 200) {
        return Main.OK;
      }
      err.println("portway: " + url + " answered " + status);
      return Main.FAILURE;
    } catch (IOException e) {
      err.println("portway: " + url + ": " + e);
      return Main.FAILURE;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }
}

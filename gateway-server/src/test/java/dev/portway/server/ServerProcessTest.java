package dev.portway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The program as a process: starts on a config, proxies, and exits 0 after SIGTERM. */
class ServerProcessTest {

  private static final Pattern READY = Pattern.compile("traffic on [^:]+:(\\d+), admin on [^:]+:(\\d+)");

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void servesThenDrainsAndExits0OnSigterm() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = ("upstream saw " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    Path config = dir.resolve("portway.yaml");
    Files.writeString(config, """
        listener: { host: 127.0.0.1, port: 0 }
        admin: { host: 127.0.0.1, port: 0 }
        drainTimeout: 5s
        upstreams:
          up: { targets: [ { url: http://127.0.0.1:%d } ] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: up, stripPrefix: /api }
        """.formatted(upstream.getAddress().getPort()));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "--config", config.toString())
        .redirectErrorStream(true)
        .start();
    List<String> output = new CopyOnWriteArrayList<>();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Matcher ready = null;
      String line;
      while (ready == null && (line = lines.readLine()) != null) {
        output.add(line);
        Matcher m = READY.matcher(line);
        ready = m.find() ? m : null;
      }
      assertThat(ready).as("ready line in %s", output).isNotNull();
      int port = Integer.parseInt(ready.group(1));
      int adminPort = Integer.parseInt(ready.group(2));
      Thread drain = new Thread(() -> lines.lines().forEach(output::add));
      drain.start();

      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> proxied = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hello")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(proxied.statusCode()).isEqualTo(200);
      assertThat(proxied.body()).isEqualTo("upstream saw /hello");
      assertThat(Main.execute(new String[] {"healthcheck", "--url", "http://127.0.0.1:" + adminPort + "/health/ready"},
          System.out, System.err)).isEqualTo(Main.OK);

      // SIGTERM. Process.destroy() would also close our end of its stdout and lose the last lines.
      process.toHandle().destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      drain.join(5_000);
      assertThat(process.exitValue()).isEqualTo(0);
      assertThat(output).anyMatch(l -> l.contains("portway.access") && l.contains("\"path\":\"/api/hello\""));
      assertThat(output).anyMatch(l -> l.contains("Stopped"));
    } finally {
      process.destroyForcibly();
      upstream.stop(0);
    }
  }
}

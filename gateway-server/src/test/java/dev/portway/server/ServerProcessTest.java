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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The program as a process: starts on a config, proxies, and exits 0 after SIGTERM. */
class ServerProcessTest {

  private static final Pattern READY = Pattern.compile("traffic on [^:]+:(\\d+), admin on [^:]+:(\\d+)");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "PORTWAY_LOG_FORMAT={0}")
  @ValueSource(strings = {"plain", "json"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void servesThenDrainsAndExits0OnSigterm(String logFormat) throws Exception {
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
    ProcessBuilder builder = portway("--config", config.toString()).redirectErrorStream(true);
    builder.environment().put("PORTWAY_LOG_FORMAT", logFormat);
    Process process = builder.start();
    // Lines are read on a thread of their own, so a missing line fails the test instead of blocking it.
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    List<String> output = new ArrayList<>();
    try {
      Matcher ready = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ready == null) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(line).as("ready line within 30 s, got %s", output).isNotNull();
        output.add(line);
        Matcher m = READY.matcher(line);
        ready = m.find() ? m : null;
      }
      int port = Integer.parseInt(ready.group(1));
      int adminPort = Integer.parseInt(ready.group(2));

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
      reader.join(5_000);
      lines.drainTo(output);
      assertThat(process.exitValue()).isEqualTo(0);
      // Logback's JSON encoder writes "/" as "\/": look for the path's last segment only.
      assertThat(output).anyMatch(l -> l.contains("portway.access") && l.contains("hello"));
      assertThat(output).anyMatch(l -> l.contains("Stopped"));
      if (logFormat.equals("json")) {
        assertThat(output).allMatch(l -> l.startsWith("{") && l.endsWith("}"), "every line a JSON object");
      } else {
        assertThat(output).noneMatch(l -> l.startsWith("{"));
      }
    } finally {
      process.destroyForcibly();
      upstream.stop(0);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anUnknownLogFormatIsAUsageError() throws Exception {
    ProcessBuilder builder = portway("--version").redirectErrorStream(true);
    builder.environment().put("PORTWAY_LOG_FORMAT", "xml");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).isEqualTo(Main.USAGE);
    assertThat(output).contains("PORTWAY_LOG_FORMAT must be plain or json");
  }

  private static ProcessBuilder portway(String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}

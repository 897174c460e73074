package dev.portway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.portway.gateway.config.ConfigLoader;
import dev.portway.gateway.config.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: exit codes and what is printed. */
class MainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheVersion() {
    assertThat(run("--version")).isEqualTo(Main.OK);
    assertThat(out()).startsWith("portway ");
  }

  @Test
  void printsUsageOnHelp() {
    assertThat(run("--help")).isEqualTo(Main.OK);
    assertThat(out()).contains("portway validate --config FILE", "portway healthcheck");
  }

  @Test
  void rejectsUnknownCommandsAndArgumentsWithExit64() {
    assertThat(run("frobnicate")).isEqualTo(Main.USAGE);
    assertThat(err()).contains("unknown command 'frobnicate'", "Usage:");
    assertThat(run("--colour")).isEqualTo(Main.USAGE);
    assertThat(run("validate")).isEqualTo(Main.USAGE);
    assertThat(run("--config")).isEqualTo(Main.USAGE);
    assertThat(run("healthcheck", "--url", "ftp://x")).isEqualTo(Main.USAGE);
    assertThat(err()).contains("validate needs --config FILE", "--config needs a value",
        "--url must be an http or https URL");
  }

  @Test
  void validateAcceptsAGoodConfig() throws Exception {
    Path file = dir.resolve("good.yaml");
    Files.writeString(file, Serve.defaultConfigText());

    assertThat(run("validate", "--config", file.toString())).isEqualTo(Main.OK);
    assertThat(out()).contains("valid", "1 routes", "1 upstreams");
  }

  @Test
  void validateExitsWith2AndNamesFileLineAndPathOfEachMistake() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, """
        listener: { host: 0.0.0.0, port: 8080 }
        upstreams:
          echo:
            targets: [ { url: http://127.0.0.1:9903 } ]
        routes:
          - id: echo
            match: { path: /echo/** }
            upstream: missing
        """);

    assertThat(run("validate", "--config", file.toString())).isEqualTo(Main.INVALID_CONFIG);
    assertThat(err()).contains("broken.yaml:8:", "routes[0].upstream");
  }

  @Test
  void runRefusesAnInvalidConfigWithExit2() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "listener: { port: 70000 }\n");

    assertThat(run("--config", file.toString())).isEqualTo(Main.INVALID_CONFIG);
    assertThat(err()).contains("bad.yaml:1:", "listener.port");
  }

  @Test
  void runReportsABusyPortInOneLineAndExits1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path file = dir.resolve("busy.yaml");
      Files.writeString(file, """
          listener: { host: 127.0.0.1, port: %d }
          admin: { host: 127.0.0.1, port: 0 }
          upstreams:
            up: { targets: [ { url: http://127.0.0.1:9 } ] }
          routes:
            - { id: all, match: { path: /** }, upstream: up }
          """.formatted(taken.getLocalPort()));

      assertThat(run("--config", file.toString())).isEqualTo(Main.FAILURE);
      assertThat(err().strip()).startsWith("portway: cannot start: traffic listener 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\tat ");
    }
  }

  @Test
  void healthcheckExits0On200And1Otherwise() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health/ready", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/health/down", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(run("healthcheck", "--url", base + "/health/ready")).isEqualTo(Main.OK);
      assertThat(run("healthcheck", "--url=" + base + "/health/down")).isEqualTo(Main.FAILURE);
      assertThat(err()).contains("answered 503");
    } finally {
      server.stop(0);
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      int closed = socket.getLocalPort();
      socket.close();
      assertThat(run("healthcheck", "--url", "http://127.0.0.1:" + closed + "/health/ready")).isEqualTo(Main.FAILURE);
    }
  }

  @Test
  void theEmbeddedDefaultConfigServesEchoOn8080WithAdminOn9901() {
    GatewayConfig config = ConfigLoader.create().parse(Serve.defaultConfigText(), Serve.DEFAULT_CONFIG_SOURCE);

    assertThat(config.listener().port()).isEqualTo(8080);
    assertThat(config.admin().port()).isEqualTo(9901);
    assertThat(config.echoServer().port()).isEqualTo(9903);
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.routes()).singleElement().satisfies(route -> {
      assertThat(route.match().path()).isEqualTo("/echo/**");
      assertThat(route.stripPrefix()).isEqualTo("/echo");
      assertThat(route.upstream()).isEqualTo("echo");
    });
    assertThat(config.upstreams().get("echo").targets()).singleElement()
        .satisfies(target -> assertThat(target.port()).isEqualTo(9903));
  }
}

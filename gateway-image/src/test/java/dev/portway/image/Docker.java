package dev.portway.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The `docker` CLI (DOCKER_HOST from the environment, as scripts/provision.sh exports it) and HTTP helpers. */
final class Docker {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  record Result(int exit, String out, String err) {}

  private Docker() {}

  static String imageName() {
    String name = System.getProperty("image.name");
    assertThat(name).as("system property image.name").isNotBlank();
    return name;
  }

  static Result run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<String> out = read(p.getInputStream());
      CompletableFuture<String> err = read(p.getErrorStream());
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs docker and returns stdout (trimmed); fails the test on a non-zero exit. */
  static String ok(String... args) {
    Result r = run(args);
    assertThat(r.exit()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r.out().trim();
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "127.0.0.1:PORT" that the container's port is published on. */
  static String published(String container, String port) {
    String line = ok("port", container, port).lines().findFirst().orElseThrow();
    return line.replace("0.0.0.0", "127.0.0.1");
  }

  static int status(String url) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Polls until the condition holds; fails after the deadline. Returns the time it took. */
  static Duration await(String what, Duration deadline, BooleanSupplier condition) {
    long t0 = System.nanoTime();
    long end = t0 + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + " not reached within " + deadline);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}

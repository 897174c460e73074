package dev.portway.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.ConfigError;
import dev.portway.gateway.config.ConfigException;
import dev.portway.gateway.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a valid config: each either loads or fails with a {@link ConfigException}
 * whose every error has a message and a path; no other exception ever escapes the loader (an operator
 * would otherwise get a bare stack trace). {@code -Dportway.fuzz.seed} and {@code -Dportway.fuzz.count}
 * change the run; a failure names the seed and the mutant.
 */
class ConfigFuzzTest {

  static final long SEED = Long.getLong("portway.fuzz.seed", 20261128L);
  static final int COUNT = Integer.getInteger("portway.fuzz.count", 3000);

  static final String VALID = """
      listener: { host: 0.0.0.0, port: 8080 }
      admin: { host: 127.0.0.1, port: 9901 }
      drainTimeout: 30s
      accessLog: { enabled: true }
      upstreams:
        users:
          targets:
            - { url: 'http://users-1.internal:8080', weight: 3 }
            - url: https://users-2.internal
          loadBalancer: weighted-round-robin
          timeouts: { connect: 2s, response: 30s, idle: 60s }
          healthCheck: { path: /healthz, interval: 5s, timeout: 1s }
          outlierDetection: { consecutiveFailures: 5, ejectionTime: 30s }
        echo:
          targets: [ { url: 'http://127.0.0.1:9903' } ]
      routes:
        - id: users
          priority: 10
          match:
            hosts: [api.example.com, "*.example.com"]
            path: /users/{id}
            methods: [GET, POST]
            headers: { X-Tenant: acme }
          upstream: users
          stripPrefix: /api
          rewritePath: { regex: "^/old/(.*)$", replacement: "/new/$1" }
          retry: { attempts: 3, on: [connect-failure, reset, 503] }
          timeouts: { response: 5s }
        - id: echo
          match: { path: /echo/** }
          upstream: echo
          stripPrefix: /echo
      """;

  static final String[] TOKENS = {"", " ", ":", "-", "{", "}", "[", "]", "'", "\"", "#", "&a", "*a", "!!str", "~",
      "null", "true", "-1", "0", "99999999999", "1e9", "0x1F", "30", "30x", "1h", "P1D", "${X}", "${", "\t", "\n",
      "  ", "|", ">", "%", "@", "`", "\u00e9", "\uFFFF", "?", "/**", "{id", "(", "routes", "upstreams", "url",
      "http://", "https://[::1", "GET", "round-robin", "weight", "\\"};

  @Test
  void everyMutantLoadsOrFailsWithPositionedErrors() {
    Random random = new Random(SEED);
    ConfigLoader loader = ConfigLoader.create(Map.of("X", "1"));
    int loaded = 0;
    int rejected = 0;
    long errors = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String mutant = mutate(VALID, random, 1 + random.nextInt(3));
      try {
        loader.parse(mutant, "fuzz-" + i + ".yaml");
        loaded++;
      } catch (ConfigException e) {
        rejected++;
        errors += e.errors().size();
        for (ConfigError error : e.errors()) {
          if (error.message() == null || error.message().isBlank() || error.path() == null) {
            crashes.add("mutant " + i + ": error without message or path: " + error);
          }
        }
      } catch (RuntimeException | StackOverflowError e) {
        crashes.add("mutant " + i + ": " + e + "\n---\n" + mutant + "\n---");
      }
    }
    System.out.printf("config fuzzing (seed %d): %d mutants, %d loaded, %d rejected with %d errors, %d crashed%n",
        SEED, COUNT, loaded, rejected, errors, crashes.size());
    assertThat(crashes).as("seed %d", SEED).isEmpty();
    assertThat(rejected).isGreaterThan(COUNT / 4);
  }

  /** {@code n} edits: delete, insert or replace characters, drop, duplicate or swap lines, re-indent a line. */
  static String mutate(String text, Random random, int n) {
    StringBuilder s = new StringBuilder(text);
    for (int k = 0; k < n; k++) {
      int at = random.nextInt(s.length());
      String token = TOKENS[random.nextInt(TOKENS.length)];
      switch (random.nextInt(7)) {
        case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(8)));
        case 1 -> s.insert(at, token);
        case 2 -> s.replace(at, Math.min(s.length(), at + 1 + random.nextInt(6)), token);
        case 3, 4, 5 -> {
          List<String> lines = new ArrayList<>(List.of(s.toString().split("\n", -1)));
          int line = random.nextInt(lines.size());
          switch (random.nextInt(4)) {
            case 0 -> lines.remove(line);
            case 1 -> lines.add(line, lines.get(line));
            case 2 -> lines.set(line, " ".repeat(random.nextInt(5)) + lines.get(line).strip());
            default -> {
              int other = random.nextInt(lines.size());
              String moved = lines.get(line);
              lines.set(line, lines.get(other));
              lines.set(other, moved);
            }
          }
          s = new StringBuilder(String.join("\n", lines));
        }
        default -> {
          // A value replaced by a token: finds type and range checks.
          int colon = s.indexOf(": ", at);
          if (colon >= 0) {
            int end = colon + 2;
            while (end < s.length() && ",}\n".indexOf(s.charAt(end)) < 0) {
              end++;
            }
            s.replace(colon + 2, end, token);
          }
        }
      }
      if (s.isEmpty()) {
        s.append(token);
      }
    }
    return s.toString();
  }
}

package dev.portway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code portway} program in a JVM of its own, on a config file; its output is collected line by line. */
final class PortwayProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("traffic on [^:]+:(\\d+), admin on [^:]+:(\\d+)");

  final Process process;
  final List<String> output = new CopyOnWriteArrayList<>();
  final int port;
  final int adminPort;
  private final Thread reader;

  private PortwayProcess(Process process, int port, int adminPort, BufferedReader lines) {
    this.process = process;
    this.port = port;
    this.adminPort = adminPort;
    this.reader = new Thread(() -> lines.lines().forEach(line -> {
      synchronized (output) {
        output.add(line);
        output.notifyAll();
      }
    }));
    reader.start();
  }

  /** Starts portway on {@code config} and returns once it logged its ready line. */
  static PortwayProcess start(Path config, Map<String, String> env) throws IOException {
    // An ignored signal stays ignored across exec, and the JVM will not handle a signal ignored at its
    // start: a build run under nohup or in a background CI job would make SIGHUP a no-op. GNU env resets it.
    return start(config, env, "--default-signal=HUP");
  }

  /** As above, {@code hupDisposition} being GNU env's {@code --default-signal=HUP} or {@code --ignore-signal=HUP}. */
  static PortwayProcess start(Path config, Map<String, String> env, String hupDisposition) throws IOException {
    return start(config, env, hupDisposition, List.of());
  }

  /** As above, with {@code jvmOptions} before the main class. */
  static PortwayProcess start(Path config, Map<String, String> env, String hupDisposition, List<String> jvmOptions)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of("env", hupDisposition, java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--config", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> before = new CopyOnWriteArrayList<>();
    String line;
    while ((line = lines.readLine()) != null) {
      before.add(line);
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        PortwayProcess started = new PortwayProcess(process, Integer.parseInt(ready.group(1)),
            Integer.parseInt(ready.group(2)), lines);
        started.output.addAll(before);
        return started;
      }
    }
    process.destroyForcibly();
    throw new AssertionError("portway exited before it was ready: " + before);
  }

  /** Sends a signal by name (HUP, TERM); Process offers only TERM and KILL. */
  void signal(String name) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
  }

  /** Waits for a line of output that contains {@code text} and returns it. */
  String awaitLine(String text, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (output) {
      while (true) {
        for (String line : output) {
          if (line.contains(text)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        assertThat(left).as("a line with '%s' in %s", text, output).isPositive();
        TimeUnit.NANOSECONDS.timedWait(output, left);
      }
    }
  }

  int awaitExit() throws Exception {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    reader.join(5_000);
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

package dev.jflow.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A jflow process in its own JVM that serves until stopped; its first line says where. */
final class Served implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving at (\\w+)://([^:]+):(\\d+)");

  final Process process;
  final int port;
  /** Every gateway's address from the ready line, e.g. {@code grpc://127.0.0.1:1234}. */
  final List<String> addresses;
  private final Path stderr;
  private final BufferedReader stdout;

  /** Starts {@code jflow args...} with the test's class path. */
  Served(String... args) throws Exception {
    this(List.of(), args);
  }

  /** Starts {@code java jvmOptions... dev.jflow.cli.Main args...} with the test's class path; stderr goes to a file. */
  Served(List<String> jvmOptions, String... args) throws Exception {
    this(Map.of(), jvmOptions, args);
  }

  /** Starts {@code jflow args...} with {@code env} added to its environment (e.g. JFLOW_ADMIN_TOKENS). */
  Served(Map<String, String> env, String... args) throws Exception {
    this(env, List.of(), args);
  }

  private Served(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    stderr = Files.createTempFile("jflow-served", ".err");
    ProcessBuilder b = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    b.environment().putAll(env);
    process = b.start();
    stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = stdout.readLine();
    Matcher m = line == null ? null : SERVING.matcher(line);
    if (m == null || !m.find()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("jflow " + String.join(" ", args) + " said: " + line + "\n" + stderr());
    }
    port = Integer.parseInt(m.group(3));
    addresses = List.of(line.substring(line.indexOf("serving at ") + "serving at ".length()).split(", "));
  }

  /** Sends SIGTERM and returns the exit status, or -1 (after killing it) when it did not exit within 30 s. */
  int stop() throws InterruptedException {
    process.destroy();
    return exitStatus(30);
  }

  /** The exit status once the process ends within {@code seconds}; otherwise kills it and returns -1. */
  int exitStatus(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return -1;
    }
    return process.exitValue();
  }

  /** The next line the process writes to stdout after its ready line (blocks until it does), or null at its end. */
  String nextLine() throws IOException {
    return stdout.readLine();
  }

  /** What the process wrote to stderr so far. */
  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(cannot read stderr: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (process.isAlive()) {
        stop();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(stderr);
  }
}

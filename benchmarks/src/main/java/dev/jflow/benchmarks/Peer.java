package dev.jflow.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server in a JVM of its own: {@link Serve} run with this JVM's class path. It prints
 * {@code READY <port>} when it serves, and answers {@code mark}, {@code stats}, {@code gc} and {@code telemetry} on its
 * stdin (see {@link Serve}); closing stdin stops it. Its stderr (logs) goes to a file under
 * {@code benchmarks/target/peer-logs} or the temp directory. With {@code -Djflow.bench.jfr=DIR} every
 * peer also records a JFR profile into {@code DIR}.
 */
final class Peer implements AutoCloseable {
  private static final long READY_TIMEOUT_S = 60;
  private static final AtomicInteger STARTED = new AtomicInteger();
  /** A directory: when set, every peer records a JFR profile there, named after its role. */
  static final String JFR_PROPERTY = "jflow.bench.jfr";

  private final String role;
  private final String name;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final int port;

  /** What a peer reports about itself since the last {@link #mark()}. */
  record Stats(long cpuNanos, long peakUsed, long maxAfterGc) {}

  private Peer(String name, String role, Process process) {
    this.name = name;
    this.role = role;
    this.process = process;
    this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader = new Thread(this::read, "peer-" + role);
    reader.setDaemon(true);
    reader.start();
    String ready = await("READY");
    this.port = Integer.parseInt(ready.substring("READY ".length()).trim());
  }

  /**
   * Starts {@code java <jvmArgs> -cp <this class path> dev.jflow.benchmarks.Serve <args>} and waits
   * until it serves.
   *
   * @throws IllegalStateException when it exits or does not get ready within 60 s (its log is named)
   */
  static Peer start(List<String> jvmArgs, String... args) {
    String role = args[0];
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add(Suite.QUIET);
    command.add(Suite.VECTOR_API);
    String jfr = System.getProperty(JFR_PROPERTY);
    if (jfr != null) {
      command.add("-XX:StartFlightRecording=settings=profile,filename="
          + Path.of(jfr, ProcessHandle.current().pid() + "-" + (STARTED.get() + 1) + "-" + role + ".jfr"));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Serve.class.getName());
    command.addAll(List.of(args));
    try {
      File log = logFile(role);
      Process p = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(log))
          .start();
      try {
        return new Peer(role, role + " (log " + log + ")", p);
      } catch (RuntimeException e) {
        p.destroyForcibly();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private static File logFile(String role) throws IOException {
    Path dir = Files.isDirectory(Path.of("benchmarks", "target")) ? Path.of("benchmarks", "target", "peer-logs")
        : Path.of(System.getProperty("java.io.tmpdir"), "jflow-peer-logs");
    Files.createDirectories(dir);
    return dir.resolve(ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet() + "-" + role + ".log").toFile();
  }

  /** Its role ({@code flow}, {@code pod}, {@code echo}, ...). */
  String name() {
    return name;
  }

  /** The port it serves on, on 127.0.0.1. */
  int port() {
    return port;
  }

  /** Its process id (for {@code /proc/<pid>/status}). */
  long pid() {
    return process.pid();
  }

  /** Forgets its peaks and CPU time so far. */
  void mark() {
    commands.println("mark");
    await("MARKED");
  }

  /** Its CPU time and heap since the last {@link #mark()}. */
  Stats stats() {
    commands.println("stats");
    String[] f = await("STATS").split(" ");
    return new Stats(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
  }

  /** Runs a full collection there and returns the heap still in use, in bytes. */
  long liveAfterFullGc() {
    commands.println("gc");
    return Long.parseLong(await("LIVE").split(" ")[1]);
  }

  /** What its telemetry recorded so far, one line (a {@code flow} peer's meters and spans; {@code none} otherwise). */
  String telemetry() {
    commands.println("telemetry");
    return await("TELEMETRY").substring("TELEMETRY ".length());
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        replies.add(line);
      }
    } catch (IOException e) {
      // the process is gone; await() notices
    }
    replies.add("EXIT");
  }

  private String await(String prefix) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
    try {
      while (true) {
        String line = replies.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new IllegalStateException(role + ": no " + prefix + " within " + READY_TIMEOUT_S + " s");
        }
        if (line.startsWith(prefix)) {
          return line;
        }
        if (line.equals("EXIT")) {
          throw new IllegalStateException(role + " exited (code " + exitCode() + ") before answering " + prefix);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + role, e);
    }
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Closes its stdin (it shuts down and exits) and waits up to 20 s before killing it. Idempotent. */
  @Override
  public void close() {
    commands.close();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

package dev.jflow.it;

import dev.jflow.cli.image.ImageContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code jflow} command ({@code jflow.jar} and {@code lib/}, which Maven's
 * pre-integration-test phase lays out in {@code jflow.it.app}) in a JVM of its own on this machine,
 * serving until closed. Its ready line says where; everything it prints is kept for failure messages.
 */
final class JflowProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving at (\\S+)");

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<String> serving = new CompletableFuture<>();

  private JflowProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "jflow-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code jflow args...} with {@code env} in place of every {@code OTEL_*} variable of this
   * JVM's environment, and waits (up to 30 s) for its ready line.
   */
  static JflowProcess serve(Map<String, String> env, String... args) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(command(args)).redirectErrorStream(true);
    b.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    b.environment().putAll(env);
    JflowProcess p = new JflowProcess(b.start());
    try {
      p.serving.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      p.close();
      throw new AssertionError("jflow " + String.join(" ", args) + " did not print its ready line within 30 s:\n" + p.output(), e);
    }
    return p;
  }

  /** Runs {@code jflow args...} (a command that ends, such as {@code export}) to its end, within {@code deadline}. */
  static Cli.Result run(java.time.Duration deadline, String... args) {
    return Cli.run(null, deadline, command(args));
  }

  /** The command line of {@code jflow args...}: this JDK's java running the packaged jflow.jar and lib/. */
  private static List<String> command(String... args) {
    Path app = Path.of(System.getProperty("jflow.it.app", "target/jflow-app"));
    if (!Files.isRegularFile(app.resolve("jflow.jar")) || !Files.isDirectory(app.resolve("lib"))) {
      throw new IllegalStateException("no jflow.jar and lib/ in " + app.toAbsolutePath() + "; run the integration tests through "
          + "Maven (./mvnw -B -ntp -pl it-tests -am verify), whose pre-integration-test phase copies them there");
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(ImageContext.JVM_OPTIONS);
    cmd.addAll(List.of("-cp", app.resolve("jflow.jar") + File.pathSeparator + app.resolve("lib") + File.separator + "*",
        "dev.jflow.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The first gateway's address from the ready line, e.g. {@code grpc://127.0.0.1:1234}. */
  String address() {
    return serving.join();
  }

  /** Everything the process printed so far (stdout and stderr). */
  String output() {
    return output.toString();
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        output.append(line).append('\n');
        Matcher m = SERVING.matcher(line);
        if (!serving.isDone() && m.find()) {
          serving.complete(m.group(1).replaceAll(",$", ""));
        }
      }
    } catch (IOException e) {
      output.append("(reading its output failed: ").append(e).append(")\n");
    }
    serving.completeExceptionally(new UncheckedIOException(new IOException("the process ended before serving")));
  }

  /** Sends SIGTERM (the process drains), and kills it when it has not ended within 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

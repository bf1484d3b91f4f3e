package dev.jflow.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An external command ({@code docker}, {@code docker-compose}, the {@code jflow} command) run to its
 * end with a deadline, its output (stdout and stderr together) kept for assertions and failure messages.
 */
final class Cli {
  /** What a command answered: its exit status ({@code -1} when it was killed at its deadline) and output. */
  record Result(List<String> command, int status, String output) {
    /** Whether it exited 0. */
    boolean ok() {
      return status == 0;
    }

    /** This result when it exited 0; otherwise an {@link AssertionError} with the command and its output. */
    Result check() {
      if (!ok()) {
        throw new AssertionError(String.join(" ", command) + " failed with status " + status + ":\n" + output);
      }
      return this;
    }
  }

  private Cli() {}

  /** Runs {@code command} in the current directory, killing it after {@code deadline}. */
  static Result run(Duration deadline, String... command) {
    return run(null, deadline, List.of(command));
  }

  /** Runs {@code command} in {@code dir} (null: the current one), killing it after {@code deadline}. */
  static Result run(Path dir, Duration deadline, List<String> command) {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      b.directory(dir.toFile());
    }
    Process p;
    try {
      p = b.start();
    } catch (IOException e) {
      return new Result(command, 127, "cannot start " + command.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    try {
      if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(command, -1, "(killed after " + deadline.toSeconds() + " s)\n" + output.getNow(""));
      }
      return new Result(command, p.exitValue(), output.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } catch (Exception e) {
      return new Result(command, p.exitValue(), "(its output could not be read: " + e + ")");
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Serving a Flow until the process is stopped. SIGTERM / Ctrl-C drain it: the gateway takes no new
 * calls, accepted requests run to the end within the drain grace period, and the process exits with
 * {@link #DRAINED}; with {@link #CUT} when the grace period ran out and requests had to be cut.
 */
final class Serving {
  /** Exit status after a clean drain: every accepted request was answered. */
  static final int DRAINED = 0;
  /** Exit status when closing failed for another reason than cut requests. */
  static final int FAILED = 1;
  /** Exit status when the drain grace period ran out and requests still running were cut. */
  static final int CUT = 3;

  private Serving() {}

  /**
   * Prints the ready line ({@code serving at grpc://host:port}, every gateway's address separated by
   * {@code ", "}), then blocks until shutdown, which drains the Flow, closes {@code telemetry} (its
   * buffered spans are sent) and halts the JVM with the drain's exit status.
   */
  static int until(AsyncFlow flow, AutoCloseable telemetry, String what, PrintWriter out, PrintWriter err) {
    return until(flow, telemetry, what, java.util.List.of(), out, err);
  }

  /** As {@link #until(AsyncFlow, AutoCloseable, String, PrintWriter, PrintWriter)}, with {@code notes} printed after the ready line. */
  static int until(AsyncFlow flow, AutoCloseable telemetry, String what, java.util.List<String> notes, PrintWriter out,
      PrintWriter err) {
    out.println("jflow " + what + " serving at " + String.join(", ", flow.gatewayAddresses().stream().map(String::valueOf).toList()));
    notes.forEach(out::println);
    out.flush();
    CompletableFuture<Integer> stopped = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      int status = exitStatus(flow.closeAsync(), what, err);
      try {
        telemetry.close();
      } catch (Exception e) {
        err.println("jflow " + what + ": closing its telemetry failed: " + e);
      }
      stopped.complete(status);
      out.flush();
      err.flush();
      // halt: the status is the drain's, whatever signal asked for it; other hooks have nothing to add
      Runtime.getRuntime().halt(status);
    }, "jflow-shutdown"));
    return stopped.join();
  }

  /** Waits for a Flow to close and turns the outcome into an exit status, saying on {@code err} what was not clean. */
  static int exitStatus(CompletableFuture<Void> closing, String what, PrintWriter err) {
    try {
      closing.join();
      return DRAINED;
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      Throwable t = Futures.unwrap(e);
      if (t instanceof FlowException f && f.code() == Status.Code.UNAVAILABLE) {
        err.println("jflow " + what + " stopped with requests cut: " + f.status().description());
        return CUT;
      }
      err.println("jflow " + what + " did not close cleanly: " + t);
      return FAILED;
    }
  }
}

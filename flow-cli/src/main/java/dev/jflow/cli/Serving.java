package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Serving a Flow until the process is stopped: SIGTERM / Ctrl-C close it (draining what is in flight)
 * and the process exits with status 0.
 */
final class Serving {
  private Serving() {}

  /** Prints the ready line, then blocks until shutdown; returns 0. */
  static int until(AsyncFlow flow, String what, PrintWriter out) {
    out.println("jflow " + what + " serving at " + flow.gatewayAddress());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      flow.close();
      stopped.countDown();
      out.flush();
      Runtime.getRuntime().halt(0); // a clean, drained stop is a success, whatever signal asked for it
    }, "jflow-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

package dev.jflow.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a pass of work one at a time: a signal that comes while a pass runs makes that loop run the
 * pass again instead of starting a second one beside it (the "missed" counter of reactive-streams
 * drain loops). Passes run on the signalling thread, or on an executor; when the executor refuses
 * them (a Flow that closed its pool), on the signalling thread, so that what arrived is still handled.
 * A loop on an executor may still be signalled to run here ({@link #signalHere()}); either way one
 * pass runs at a time, and each pass sees what the one before it did (the counter orders them).
 */
final class SerialLoop {
  private final AtomicInteger wip = new AtomicInteger();
  private final Runnable pass;
  private final Executor executor; // null: the signalling thread

  private SerialLoop(Runnable pass, Executor executor) {
    this.pass = pass;
    this.executor = executor;
  }

  /** A loop that runs {@code pass} on the thread that signals it. */
  static SerialLoop onCaller(Runnable pass) {
    return new SerialLoop(pass, null);
  }

  /** A loop that runs {@code pass} on {@code executor}, or on the signalling thread when it refuses. */
  static SerialLoop on(Executor executor, Runnable pass) {
    return new SerialLoop(pass, executor);
  }

  /** Runs the pass now, or, if a pass is running, once more after it. */
  void signal() {
    signal(executor == null);
  }

  /**
   * Runs the pass now on this thread, even for a loop on an executor, or, if a pass is running
   * (on any thread), once more after it: for a signalling thread that may run the pass's work itself.
   */
  void signalHere() {
    signal(true);
  }

  private void signal(boolean here) {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    if (here) {
      loop();
      return;
    }
    try {
      executor.execute(this::loop);
    } catch (RuntimeException rejected) {
      loop();
    }
  }

  private void loop() {
    int missed = 1;
    do {
      pass.run();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}

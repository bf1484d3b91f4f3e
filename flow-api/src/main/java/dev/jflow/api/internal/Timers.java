package dev.jflow.api.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one scheduler for JFlow's timers (deadlines, timeouts, grace periods, backoff): a single daemon
 * thread. Cancelled timers are removed at once, so a timer that its request outlived keeps nothing
 * alive. Tasks must be short: they complete futures, nothing more.
 */
public final class Timers {
  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private Timers() {}

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "jflow-timer");
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /** Runs {@code task} once after {@code millis} ms; cancel the returned future when it is no longer needed. */
  public static ScheduledFuture<?> schedule(Runnable task, long millis) {
    return SCHEDULER.schedule(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        System.getLogger(Timers.class.getName()).log(System.Logger.Level.ERROR, "a JFlow timer task failed", t);
      }
    }, Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** Timers waiting now (for tests: a completed request must leave none behind). */
  public static int pending() {
    return SCHEDULER.getQueue().size();
  }
}

package dev.jflow.api.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one scheduler for JFlow's timers (deadlines, timeouts, grace periods, backoff): a single daemon
 * thread that only keeps time, and a few daemon threads that run what fires, so that the work a task
 * sets off (completing a request, answering a client) never delays other timers. Cancelled timers are
 * removed at once, so a timer that its request outlived keeps nothing alive. Fired tasks wait for a
 * runner in a queue that holds no more than the timers that were armed.
 */
public final class Timers {
  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();
  private static final ExecutorService RUNNERS = runners();

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

  private static ExecutorService runners() {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jflow-timer-task-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code task} once after {@code millis} ms; cancel the returned future when it is no longer needed. */
  public static ScheduledFuture<?> schedule(Runnable task, long millis) {
    return SCHEDULER.schedule(() -> RUNNERS.execute(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        System.getLogger(Timers.class.getName()).log(System.Logger.Level.ERROR, "a JFlow timer task failed", t);
      }
    }), Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** Timers waiting now (for tests: a completed request must leave none behind). */
  public static int pending() {
    return SCHEDULER.getQueue().size();
  }
}

package dev.jflow.core.internal;

import dev.jflow.api.internal.Timers;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The backstop for a call's timeout: the gateway normally fails a late request first, naming the pods
 * it is in; if the call has not ended a little ({@value #GRACE_MS} ms) after its deadline, the backstop
 * fires. Cancelled when the call ends, so that an ended call holds no timer; cancelling first makes a
 * later {@link #arm} arm nothing. Thread-safe.
 */
final class Backstop {
  static final long GRACE_MS = 1_000;

  private final Duration timeout;
  private ScheduledFuture<?> timer;
  private boolean cancelled;

  /** A backstop for {@code timeout}; none (arming does nothing) when it is null. */
  Backstop(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs {@code onExpiry} once, the grace after the timeout, unless cancelled before. */
  void arm(Runnable onExpiry) {
    if (timeout == null) {
      return;
    }
    ScheduledFuture<?> t = Timers.schedule(onExpiry, timeout.toMillis() + GRACE_MS);
    boolean over;
    synchronized (this) {
      over = cancelled;
      if (!over) {
        timer = t;
      }
    }
    if (over) {
      t.cancel(false);
    }
  }

  /** Cancels the timer, if armed, and any arming to come. */
  void cancel() {
    ScheduledFuture<?> t;
    synchronized (this) {
      cancelled = true;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.cancel(false);
    }
  }
}

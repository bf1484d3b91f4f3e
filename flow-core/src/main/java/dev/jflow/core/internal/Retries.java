package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Timers;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A call's retry budget: which transport failures are worth another attempt (the gateway refused work,
 * RESOURCE_EXHAUSTED, or could not be reached, UNAVAILABLE), how long to wait before it (exponential
 * backoff from {@link CallOptions#retryBackoff()}, capped, with jitter), the timer of the retry that
 * waits for it, and the error once the attempts are spent. Not thread-safe: the call guards it.
 */
final class Retries {
  static final long MAX_BACKOFF_MS = 5_000;

  private final int maxAttempts;
  private final long initialMs;
  private int attempts = 1;
  private ScheduledFuture<?> timer;

  Retries(CallOptions options) {
    this.maxAttempts = options.maxAttempts();
    this.initialMs = Math.max(1, options.retryBackoff().toMillis());
  }

  /** Whether a transport call that failed with {@code failure} is tried again; if so, counts the new attempt. */
  boolean retry(FlowException failure) {
    Status.Code code = failure.code();
    if ((code != Status.Code.RESOURCE_EXHAUSTED && code != Status.Code.UNAVAILABLE) || attempts >= maxAttempts) {
      return false;
    }
    attempts++;
    return true;
  }

  /** The number of the current attempt: 1, then one more for each retry counted. */
  int attempt() {
    return attempts;
  }

  /** Runs {@code retry} after the backoff of the attempt just counted. */
  void schedule(Runnable retry) {
    timer = Timers.schedule(retry, backoffMillis());
  }

  /** The timer of the waiting retry, if any, forgotten here: the caller cancels it, or it is the one running. */
  ScheduledFuture<?> takeTimer() {
    ScheduledFuture<?> t = timer;
    timer = null;
    return t;
  }

  /** The wait before the attempt just counted: half to all of the doubled backoff, at most 5 s. */
  long backoffMillis() {
    int doublings = Math.min(attempts - 2, 30);
    long full = Math.min(MAX_BACKOFF_MS, initialMs << doublings);
    return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
  }

  /** The error that ends the call: {@code failure} itself without retries, else it naming the attempts made. */
  FlowException exhausted(FlowException failure) {
    if (maxAttempts == 1 || !(failure.code() == Status.Code.RESOURCE_EXHAUSTED || failure.code() == Status.Code.UNAVAILABLE)) {
      return failure;
    }
    return new FlowException(Status.of(failure.code(), failure.status().description() + " (gave up after " + attempts
        + " attempts; CallOptions.maxAttempts is " + maxAttempts + ")").withCause(failure));
  }
}

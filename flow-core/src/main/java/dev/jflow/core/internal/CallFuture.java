package dev.jflow.core.internal;

import dev.jflow.api.internal.Timers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future a call hands out: callers cannot complete it, and cancelling it cancels the call.
 * {@link #orTimeout} and {@link #completeOnTimeout} work, on JFlow's {@link Timers}: when they fire
 * the call is cancelled too, and their timer goes once the call completes first. Stages derived from
 * it are plain futures.
 */
final class CallFuture<T> extends CompletableFuture<T> {
  private volatile Flow.Subscription subscription;
  private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

  void attach(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (isDone()) {
      subscription.cancel(); // cancelled or timed out before the call began
    }
  }

  boolean succeed(T value) {
    cancelTimers(); // before completing, so that whoever sees the result finds no timer left
    return super.complete(value);
  }

  boolean fail(Throwable t) {
    cancelTimers();
    return super.completeExceptionally(t);
  }

  private void cancelTimers() {
    timers.forEach(t -> t.cancel(false));
    timers.clear();
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    cancelTimers();
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      stopCall();
    }
    return cancelled;
  }

  private void stopCall() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  /** Fails this future with a TimeoutException and cancels the call unless the call completes within the timeout. */
  @Override
  public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
    return onTimeout(timeout, unit, () -> fail(new TimeoutException("the call did not complete within " + timeout + " "
        + unit.toString().toLowerCase(java.util.Locale.ROOT) + " (orTimeout); it was cancelled")));
  }

  /** Completes this future with {@code value} and cancels the call unless the call completes within the timeout. */
  @Override
  public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
    return onTimeout(timeout, unit, () -> succeed(value));
  }

  private CompletableFuture<T> onTimeout(long timeout, TimeUnit unit, java.util.function.BooleanSupplier complete) {
    if (unit == null) {
      throw new NullPointerException("unit");
    }
    if (isDone()) {
      return this;
    }
    ScheduledFuture<?> timer = Timers.schedule(() -> {
      if (complete.getAsBoolean()) {
        stopCall();
      }
    }, unit.toMillis(timeout));
    timers.add(timer);
    if (isDone()) {
      cancelTimers();
    }
    return this;
  }

  @Override
  public boolean complete(T value) {
    throw new UnsupportedOperationException("a call's future completes when the call does");
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    throw new UnsupportedOperationException("a call's future completes when the call does; cancel() it to stop the call");
  }

  @Override
  public void obtrudeValue(T value) {
    throw new UnsupportedOperationException("a call's future cannot be overwritten");
  }

  @Override
  public void obtrudeException(Throwable ex) {
    throw new UnsupportedOperationException("a call's future cannot be overwritten");
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}

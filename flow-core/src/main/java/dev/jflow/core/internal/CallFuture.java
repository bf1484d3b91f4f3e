package dev.jflow.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The future a call hands out: callers cannot complete it, and cancelling it cancels the call.
 * Stages derived from it are plain futures.
 */
final class CallFuture<T> extends CompletableFuture<T> {
  private volatile Flow.Subscription subscription;

  void attach(Flow.Subscription subscription) {
    this.subscription = subscription;
  }

  void succeed(T value) {
    super.complete(value);
  }

  void fail(Throwable t) {
    super.completeExceptionally(t);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Flow.Subscription s = subscription;
    if (cancelled && s != null) {
      s.cancel();
    }
    return cancelled;
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

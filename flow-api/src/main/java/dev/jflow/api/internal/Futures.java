package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Futures at the API's edge: the copies handed to callers, and waiting on futures the way blocking
 * ports need (FlowExceptions out, interrupts honoured).
 */
public final class Futures {
  private Futures() {}

  /**
   * A future for one caller that completes as {@code source} does, with the same value or the same
   * exception. Whatever the caller does to it (complete, obtrude, cancel, orTimeout, completeOnTimeout)
   * changes only that copy: never {@code source}, what JFlow does next, or another caller's copy.
   * Every public method that hands out a future JFlow holds (lifecycle, control) goes through here.
   */
  public static <T> CompletableFuture<T> forCaller(CompletableFuture<T> source) {
    CompletableFuture<T> copy = new CompletableFuture<>();
    source.whenComplete((value, failure) -> {
      if (failure == null) {
        copy.complete(value);
      } else {
        copy.completeExceptionally(failure); // as is: the caller sees what it would have seen on source
      }
    });
    return copy;
  }

  /**
   * Waits for {@code future}. A failure is rethrown as the FlowException that caused it (or one
   * wrapping the cause); an interrupt cancels the future, keeps the thread's interrupt flag and
   * throws CANCELLED.
   */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new FlowException(Status.Code.CANCELLED, "interrupted while waiting for the Flow", e);
    } catch (ExecutionException | CancellationException e) {
      throw toFlowException(e);
    }
  }

  /** The FlowException behind {@code t}, unwrapping execution and completion wrappers. */
  public static FlowException toFlowException(Throwable t) {
    Throwable c = unwrap(t);
    if (c instanceof FlowException) {
      return (FlowException) c;
    }
    if (c instanceof CancellationException) {
      return new FlowException(Status.Code.CANCELLED, "the call was cancelled", c);
    }
    return new FlowException(Status.Code.INTERNAL, String.valueOf(c), c);
  }

  /** {@code t} without ExecutionException / CompletionException wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}

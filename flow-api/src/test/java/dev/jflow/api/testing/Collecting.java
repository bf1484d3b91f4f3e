package dev.jflow.api.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/** A subscriber for tests that records what it receives and asks for items only when told. */
public final class Collecting<T> implements Flow.Subscriber<T> {
  /** Items received so far. */
  public final List<T> items = new CopyOnWriteArrayList<>();
  /** Completes with null on onComplete, exceptionally on onError. */
  public final CompletableFuture<Void> done = new CompletableFuture<>();
  private final long initialDemand;
  private final AtomicInteger completions = new AtomicInteger();
  private volatile Throwable error;
  private volatile Flow.Subscription subscription;

  /** A subscriber that asks for {@code initialDemand} items on subscribe (0 for none). */
  public Collecting(long initialDemand) {
    this.initialDemand = initialDemand;
  }

  /** A subscriber that asks for everything on subscribe. */
  public static <T> Collecting<T> all() {
    return new Collecting<>(Long.MAX_VALUE);
  }

  /** Asks for {@code n} more. */
  public void request(long n) {
    subscription.request(n);
  }

  /** Cancels the subscription. */
  public void cancel() {
    subscription.cancel();
  }

  /** How many times onComplete was called (the Flow spec allows once). */
  public int completions() {
    return completions.get();
  }

  /** The error onError was called with, or null. */
  public Throwable error() {
    return error;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (initialDemand > 0) {
      s.request(initialDemand);
    }
  }

  @Override
  public void onNext(T item) {
    items.add(item);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    done.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    completions.incrementAndGet();
    done.complete(null);
  }
}

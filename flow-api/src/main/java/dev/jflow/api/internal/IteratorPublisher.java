package dev.jflow.api.internal;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes what an iterator yields, pulling only as much as subscribers ask for. Pulling runs on
 * the given executor (never on the caller of {@code request}), one drain at a time, because a user's
 * iterator may block on I/O. An iterator that is {@link AutoCloseable} is closed when it ends, fails or
 * the subscription is cancelled, and so is the optional resource, also when nothing was read. Each
 * subscriber gets a fresh iterator from the supplier.
 */
final class IteratorPublisher<T> implements Flow.Publisher<T> {
  private final Supplier<? extends Iterator<? extends T>> source;
  private final Executor executor;
  private final AutoCloseable resource;

  /** A publisher pulling from iterators made by {@code source}, on {@code executor}. */
  IteratorPublisher(Supplier<? extends Iterator<? extends T>> source, Executor executor) {
    this(source, executor, null);
  }

  /**
   * A publisher pulling from iterators made by {@code source}, on {@code executor}, that closes
   * {@code resource} (e.g. a Stream the iterators read) when a subscription ends, fails or is cancelled,
   * whether or not anything was read.
   */
  IteratorPublisher(Supplier<? extends Iterator<? extends T>> source, Executor executor, AutoCloseable resource) {
    this.source = Objects.requireNonNull(source, "source");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.resource = resource;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    subscriber.onSubscribe(new Pull(subscriber));
  }

  private final class Pull implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super T> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    private boolean done;
    private Iterator<? extends T> iterator;

    Pull(Flow.Subscriber<? super T> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = new IllegalArgumentException("request(" + n + ") violates the Flow spec: demand must be positive");
        schedule();
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      schedule();
    }

    @Override
    public void cancel() {
      cancelled = true;
      schedule();
    }

    private void schedule() {
      if (wip.getAndIncrement() == 0) {
        try {
          executor.execute(this);
        } catch (RuntimeException rejected) {
          wip.set(0);
          finish();
          if (!cancelled) {
            subscriber.onError(rejected);
          }
        }
      }
    }

    @Override
    public void run() {
      int missed = 1;
      do {
        drain();
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void drain() {
      if (done) {
        return;
      }
      if (cancelled) {
        finish();
        return;
      }
      if (badRequest != null) {
        finish();
        subscriber.onError(badRequest);
        return;
      }
      try {
        if (iterator == null) {
          iterator = Objects.requireNonNull(source.get(), "input source returned a null iterator");
        }
        while (demand.get() > 0 && !cancelled) {
          if (!iterator.hasNext()) {
            finish();
            subscriber.onComplete();
            return;
          }
          T next = iterator.next();
          demand.decrementAndGet();
          subscriber.onNext(next);
        }
        if (cancelled) {
          finish();
        }
      } catch (Throwable t) {
        finish();
        subscriber.onError(t);
      }
    }

    private void finish() {
      if (done) {
        return;
      }
      done = true;
      close(iterator instanceof AutoCloseable ? (AutoCloseable) iterator : null);
      close(resource);
    }

    private void close(AutoCloseable c) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Exception ignored) {
        // closing a finished input must not mask the outcome
      }
    }
  }
}

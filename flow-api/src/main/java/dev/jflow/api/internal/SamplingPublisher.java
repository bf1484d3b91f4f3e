package dev.jflow.api.internal;

import java.util.Random;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes on each item with probability {@code rate} and stops after {@code limit} items, asking
 * upstream for one more item for every one it drops so downstream demand is honoured.
 */
final class SamplingPublisher<T> implements Flow.Publisher<T> {
  private final Flow.Publisher<T> upstream;
  private final long limit;
  private final double rate;
  private final long seed;

  /**
   * @param limit most items to pass on; negative for no limit
   * @param rate probability in (0, 1] that an item is passed on
   * @param seed seed of the sampling random generator
   */
  SamplingPublisher(Flow.Publisher<T> upstream, long limit, double rate, long seed) {
    this.upstream = upstream;
    this.limit = limit;
    this.rate = rate;
    this.seed = seed;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    if (limit == 0) {
      InputReaders.release(upstream); // nothing is read, but the source may hold a resource to close
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override public void request(long n) {}

        @Override public void cancel() {}
      });
      subscriber.onComplete();
      return;
    }
    upstream.subscribe(new Flow.Subscriber<T>() {
      private final Random random = new Random(seed);
      private final AtomicBoolean stopped = new AtomicBoolean();
      private Flow.Subscription subscription;
      private long passed;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        subscriber.onSubscribe(s);
      }

      @Override
      public void onNext(T item) {
        if (stopped.get()) {
          return;
        }
        if (rate < 1.0 && random.nextDouble() >= rate) {
          subscription.request(1);
          return;
        }
        subscriber.onNext(item);
        if (limit > 0 && ++passed >= limit && stopped.compareAndSet(false, true)) {
          subscription.cancel();
          subscriber.onComplete();
        }
      }

      @Override
      public void onError(Throwable t) {
        if (stopped.compareAndSet(false, true)) {
          subscriber.onError(t);
        }
      }

      @Override
      public void onComplete() {
        if (stopped.compareAndSet(false, true)) {
          subscriber.onComplete();
        }
      }
    });
  }
}

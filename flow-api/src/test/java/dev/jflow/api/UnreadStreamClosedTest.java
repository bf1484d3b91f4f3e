package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnreadStreamClosedTest {
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger pulled = new AtomicInteger();

  private Stream<Document> docs() {
    return Stream.generate(() -> Document.ofText("d" + pulled.incrementAndGet())).limit(100).onClose(closed::countDown);
  }

  @Test
  void aStreamCutToZeroIsClosedWithoutBeingRead() throws Exception {
    CountDownLatch complete = new CountDownLatch(1);
    Inputs.of(docs()).limit(0).publisher(Runnable::run).subscribe(new Flow.Subscriber<Input>() {
      @Override public void onSubscribe(Flow.Subscription s) {
        s.request(10);
      }

      @Override public void onNext(Input item) {}

      @Override public void onError(Throwable t) {}

      @Override public void onComplete() {
        complete.countDown();
      }
    });
    assertTrue(complete.await(5, TimeUnit.SECONDS));
    assertTrue(closed.await(5, TimeUnit.SECONDS), "limit(0) closes the stream");
    assertEquals(0, pulled.get());
  }

  @Test
  void aStreamCancelledBeforeItsFirstRequestIsClosed() throws Exception {
    Inputs.of(docs()).publisher(Runnable::run).subscribe(new Flow.Subscriber<Input>() {
      @Override public void onSubscribe(Flow.Subscription s) {
        s.cancel();
      }

      @Override public void onNext(Input item) {}

      @Override public void onError(Throwable t) {}

      @Override public void onComplete() {}
    });
    assertTrue(closed.await(5, TimeUnit.SECONDS), "cancelling before reading closes the stream");
    assertEquals(0, pulled.get());
  }
}

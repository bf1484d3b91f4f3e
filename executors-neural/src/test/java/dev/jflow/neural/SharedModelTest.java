package dev.jflow.neural;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas share one ONNX session: closing an encoder while a call runs on the session must neither
 * free the session under that call (a crash in native code) nor give the model back twice.
 */
class SharedModelTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(6);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Holds the first call that reaches the model until {@code go} opens; {@code running} opens when it got there. */
  private static void holdFirstCall(MiniLm m, CountDownLatch running, CountDownLatch go) {
    AtomicBoolean first = new AtomicBoolean(true);
    m.beforeRun(() -> {
      if (first.getAndSet(false)) {
        running.countDown();
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
  }

  @Test
  void closingTheLastEncoderWaitsForTheRunningCallAndTheNextCallFailsClearly() throws Exception {
    SentenceEncoder e = Encoders.open("threads", 3, "batch_size", 1);
    MiniLm m = e.model();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    holdFirstCall(m, running, go);
    Future<float[][]> encoding = pool.submit(() -> e.encode(List.of("the first call", "the second call")));
    assertTrue(running.await(60, SECONDS), "the first call runs");

    Future<?> closing = pool.submit(e::close);
    assertThrows(TimeoutException.class, () -> closing.get(300, MILLISECONDS), "the session stays open while a call runs on it");
    assertNull(e.model(), "the encoder gave its model back at once");
    go.countDown();
    closing.get(60, SECONDS);

    ExecutionException failed = assertThrows(ExecutionException.class, () -> encoding.get(60, SECONDS));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertEquals("SentenceEncoder: the model is closed (every encoder using it was closed); open an encoder to encode",
        failed.getCause().getMessage(), "the second call, after the close, fails");
    IllegalStateException after = assertThrows(IllegalStateException.class, () -> e.encode(List.of("after close")));
    assertTrue(after.getMessage().startsWith("SentenceEncoder: not open"), after.getMessage());
  }

  @Test
  void closingOneReplicaTwiceAtOnceDuringItsEncodeLeavesTheOtherWorking() throws Exception {
    SentenceEncoder a = Encoders.open("threads", 4, "batch_size", 1);
    SentenceEncoder b = Encoders.open("threads", 4);
    MiniLm m = a.model();
    assertSame(m, b.model());
    assertEquals(2, m.users());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    holdFirstCall(m, running, go);
    Future<float[][]> encoding = pool.submit(() -> a.encode(List.of("one", "two", "three")));
    assertTrue(running.await(60, SECONDS), "a's first call runs");

    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> closes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      closes.add(pool.submit(() -> {
        start.await();
        a.close();
        return null;
      }));
    }
    start.countDown();
    for (Future<?> c : closes) {
      c.get(60, SECONDS); // b still holds the model: nothing waits
    }
    assertEquals(1, m.users(), "four closes of one encoder give the model back once");
    go.countDown();
    assertEquals(3, encoding.get(60, SECONDS).length, "a's encode finishes on the model b keeps open");
    assertEquals(1, b.encode(List.of("the other replica still encodes")).length);

    b.close();
    assertEquals(0, m.users());
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> m.embed(new int[][] {{101, 102}}));
    assertTrue(closed.getMessage().contains("the model is closed"), closed.getMessage());
  }

  @Test
  void concurrentFirstOpensLoadTheModelOnce() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<SentenceEncoder>> opens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      opens.add(pool.submit(() -> {
        start.await();
        return Encoders.open("threads", 5);
      }));
    }
    start.countDown();
    List<SentenceEncoder> encoders = new ArrayList<>();
    for (Future<SentenceEncoder> f : opens) {
      encoders.add(f.get(120, SECONDS));
    }
    MiniLm m = encoders.get(0).model();
    for (SentenceEncoder e : encoders) {
      assertSame(m, e.model(), "one model for the three");
    }
    assertEquals(3, m.users());
    encoders.forEach(SentenceEncoder::close);
    assertEquals(0, m.users());
  }
}

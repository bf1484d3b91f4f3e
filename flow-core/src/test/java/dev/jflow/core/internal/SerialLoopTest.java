package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialLoopTest {
  @Test
  void signalsDuringAPassMakeOneMorePassNotOneEach() {
    AtomicInteger passes = new AtomicInteger();
    AtomicReference<SerialLoop> loop = new AtomicReference<>();
    loop.set(SerialLoop.onCaller(() -> {
      if (passes.incrementAndGet() == 1) {
        loop.get().signal();
        loop.get().signal();
        loop.get().signal();
      }
    }));
    loop.get().signal();
    assertEquals(2, passes.get());
  }

  @Test
  void concurrentSignalsNeverRunTwoPassesAtOnceNorLoseWork() throws Exception {
    AtomicInteger queued = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    SerialLoop loop = SerialLoop.onCaller(() -> {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      for (int n; (n = queued.getAndSet(0)) > 0; ) {
        handled.addAndGet(n);
      }
      running.decrementAndGet();
    });
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 10_000; i++) {
            queued.incrementAndGet();
            loop.signal();
          }
        }, pool));
      }
      CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(40_000, handled.get(), "work signalled after a pass began is handled by another pass");
    assertEquals(1, mostAtOnce.get());
  }

  @Test
  void runsOnTheExecutorOrHereWhenItRefuses() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Thread> ranOn = new CompletableFuture<>();
      SerialLoop.on(pool, () -> ranOn.complete(Thread.currentThread())).signal();
      Thread poolThread = pool.submit(Thread::currentThread).get();
      assertSame(poolThread, ranOn.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    Executor refusing = r -> {
      throw new RejectedExecutionException("closed");
    };
    AtomicReference<Thread> here = new AtomicReference<>();
    SerialLoop.on(refusing, () -> here.set(Thread.currentThread())).signal();
    assertSame(Thread.currentThread(), here.get());
  }
}

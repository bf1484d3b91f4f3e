package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.Telemetry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A replica retired by a SCALE down while it runs a request: its slow close does not hold that request's answer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaRetireTest {
  @Test
  void aScaleDownDoesNotDelayTheAnswerOfTheRequestOnTheRetiredReplica() throws Exception {
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch mayClose = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      ReplicaGroup group = new ReplicaGroup("f", "p", "", 0, 2, pool, 4, 1 << 20, Telemetry.none());
      group.open(() -> new Executor() {
        @Override
        public void handle(Request request) {}

        @Override
        public void close() throws InterruptedException {
          if (closes.getAndIncrement() == 0) { // the retired one: a container stopping
            closing.countDown();
            mayClose.await(30, TimeUnit.SECONDS);
          }
        }
      }, new JsonMap(), 2).get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> first = new CompletableFuture<>();
      CompletableFuture<Void> second = new CompletableFuture<>();
      CompletableFuture<ReplicaGroup.Served> a = group.submit(e -> first, () -> false, 0);
      CompletableFuture<ReplicaGroup.Served> b = group.submit(e -> second, () -> false, 0);
      CompletableFuture<Void> scaled = group.scale(1); // both busy: the highest slot drains
      CompletableFuture.runAsync(() -> {
        first.complete(null);
        second.complete(null);
      });
      a.get(5, TimeUnit.SECONDS); // answered while the retired replica's close still blocks
      b.get(5, TimeUnit.SECONDS);
      assertTrue(closing.await(10, TimeUnit.SECONDS), "the retired replica closes");
      assertFalse(scaled.isDone(), "the scale completes once the retired replica is closed");
      CompletableFuture<Void> closed = group.close();
      assertFalse(closed.isDone(), "the group's close waits for the retired replica's close");
      mayClose.countDown();
      scaled.get(10, TimeUnit.SECONDS);
      closed.get(10, TimeUnit.SECONDS);
    } finally {
      mayClose.countDown();
      pool.shutdownNow();
    }
  }
}

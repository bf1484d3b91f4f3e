package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.PodSpec;
import dev.jflow.api.ReplicaState;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle and control futures a Flow hands out belong to their caller: completing one changes nothing else. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandedOutFuturesTest {
  private final AtomicBoolean holdOpens = new AtomicBoolean();
  private final AtomicBoolean holdCloses = new AtomicBoolean();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch dumped = new CountDownLatch(1);
  private final AtomicInteger opened = new AtomicInteger();

  /** Opens and closes at once, or waits for {@link #release} while held. */
  private final class Gated implements Executor {
    @Override
    public void open(ExecutorContext context) throws InterruptedException {
      if (holdOpens.get()) {
        release.await(30, TimeUnit.SECONDS);
      }
      opened.incrementAndGet();
    }

    @Override
    public void handle(Request request) {}

    @Override
    public void dump(String path, int shards) {
      dumped.countDown();
    }

    @Override
    public void close() {
      if (holdCloses.get()) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private AsyncFlow flow(String name) {
    return flow(name, dev.jflow.api.FlowSpec.DEFAULT_WORKSPACE);
  }

  private AsyncFlow flow(String name, Path workspace) {
    return AsyncFlow.builder().name(name).workspace(workspace).add(PodSpec.builder("p").uses(Gated::new).build()).build();
  }

  @Test
  void completingAStartFutureNeitherStartsTheFlowNorAnswersOtherCallers() throws Exception {
    holdOpens.set(true);
    try (AsyncFlow f = flow("handed-start")) {
      CompletableFuture<Void> mine = f.start();
      assertTrue(mine.complete(null), "the caller's own future takes the value");
      CompletableFuture<Void> failed = f.start();
      failed.completeExceptionally(new IllegalStateException("a caller's own failure"));
      f.start().obtrudeValue(null);
      CompletableFuture<Void> timed = f.start().orTimeout(50, TimeUnit.MILLISECONDS);
      ExecutionException e = assertThrows(ExecutionException.class, () -> timed.get(10, TimeUnit.SECONDS));
      assertInstanceOf(TimeoutException.class, e.getCause(), "orTimeout works on the caller's side");

      CompletableFuture<Void> other = f.start();
      assertFalse(f.isRunning(), "the pod is still opening");
      assertFalse(other.isDone(), "another caller still waits for the real start");
      release.countDown();
      other.get(10, TimeUnit.SECONDS);
      assertTrue(f.isRunning());
      f.start().get(10, TimeUnit.SECONDS); // not the failure a caller put into its own future
      assertEquals(1, opened.get(), "one start, however many callers");
    }
  }

  @Test
  void completingACloseFutureDoesNotEndTheCloseForOthers() throws Exception {
    AsyncFlow f = flow("handed-close");
    f.start().get(10, TimeUnit.SECONDS);
    holdCloses.set(true);
    CompletableFuture<Void> mine = f.closeAsync();
    assertTrue(mine.complete(null));
    CompletableFuture<Void> other = f.closeAsync();
    assertFalse(other.isDone(), "the executor is still closing");
    assertFalse(f.isRunning());
    release.countDown();
    other.get(20, TimeUnit.SECONDS);
    f.closeAsync().get(10, TimeUnit.SECONDS);
  }

  @Test
  void completingAControlFutureNeitherEndsTheOperationNorLetsTheNextOneOvertakeIt(@TempDir Path dir) throws Exception {
    try (AsyncFlow f = flow("handed-control", dir)) {
      f.start().get(10, TimeUnit.SECONDS);
      holdOpens.set(true);
      CompletableFuture<Void> scale = f.scale("p", 2);
      assertTrue(scale.complete(null), "the caller's own future takes the value");
      assertEquals(List.of(ReplicaState.READY, ReplicaState.STARTING), states(f.status().get(10, TimeUnit.SECONDS)),
          "status still sees the new replica opening");

      CompletableFuture<Void> dump = f.dump("p", dir.resolve("dump").toString(), 1);
      assertFalse(dumped.await(300, TimeUnit.MILLISECONDS), "control work on a pod runs one operation after another");
      assertFalse(dump.isDone());
      release.countDown();
      dump.get(10, TimeUnit.SECONDS);
      assertTrue(dumped.await(10, TimeUnit.SECONDS));
      assertEquals(List.of(ReplicaState.READY, ReplicaState.READY), states(f.status().get(10, TimeUnit.SECONDS)));

      CompletableFuture<FlowStatus> status = f.status();
      status.obtrudeValue(null);
      assertEquals(2, f.status().get(10, TimeUnit.SECONDS).pod("p").replicas().size(), "another caller's status is its own");
    }
  }

  private static List<ReplicaState> states(FlowStatus s) {
    return s.pod("p").replicas().stream().map(FlowStatus.ReplicaStatus::state).collect(Collectors.toList());
  }
}

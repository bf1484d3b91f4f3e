package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowLifecycleTest {

  /** Counts opens and closes across instances. */
  public static final class Counting implements Executor {
    static final AtomicInteger OPENED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public void open(ExecutorContext context) {
      OPENED.incrementAndGet();
    }

    @Override
    public void handle(Request request) {}

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }

  /** Fails to open. */
  static final class Broken implements Executor {
    @Override
    public void open(ExecutorContext context) {
      throw new IllegalStateException("model file missing");
    }

    @Override
    public void handle(Request request) {}

    @Override
    public void close() {}
  }

  private static List<Thread> threadsOf(String flowName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("jflow-" + flowName + "-"))
        .collect(Collectors.toList());
  }

  /** The closing thread completes the close and then ends: allow it a moment to exit. */
  private static void assertNoThreadsOf(String flowName) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> threadsOf(flowName).isEmpty());
  }

  @Test
  void startOpensEveryPodAndCloseClosesThemOnce() {
    Counting.OPENED.set(0);
    Counting.CLOSED.set(0);
    Flow f = Flow.builder().name("counting").add("a", Counting::new).add("b", Counting.class.getName()).build();
    assertSame(f, f.start());
    assertEquals(2, Counting.OPENED.get());
    f.close();
    f.close();
    assertEquals(2, Counting.CLOSED.get());
    assertNoThreadsOf("counting");
  }

  @Test
  void aFailedStartNamesThePodAndLeavesNoThreadRunning() {
    Counting.CLOSED.set(0);
    Flow f = Flow.builder().name("broken").add("ok", Counting::new).add("bad", Broken::new).build();
    FlowException e = assertThrows(FlowException.class, f::start);
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    assertTrue(e.getMessage().contains("pod 'bad' failed to open"), e.getMessage());
    assertTrue(e.getMessage().contains("model file missing"), e.getMessage());
    assertEquals(1, Counting.CLOSED.get(), "the pod that started was closed");
    f.close();
    assertNoThreadsOf("broken");
    assertFalse(f.async().isRunning());
  }

  @Test
  void aPodThatIsNotReadyInTimeFailsTheStartWithItsName() {
    CountDownLatch never = new CountDownLatch(1);
    Flow f = Flow.builder().name("slowstart").timeoutReady(Duration.ofMillis(300)).add("sleepy", () -> new Executor() {
      @Override
      public void open(ExecutorContext context) throws InterruptedException {
        never.await();
      }

      @Override
      public void handle(Request request) {}

      @Override
      public void close() {}
    }).build();
    FlowException e = assertThrows(FlowException.class, f::start);
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
    assertTrue(e.getMessage().contains("pod 'sleepy' was not ready after 300 ms"), e.getMessage());
  }

  @Test
  void startTwiceIsTheSameStartAndAClosedFlowCannotRestart() {
    Counting.OPENED.set(0);
    AsyncFlow f = AsyncFlow.builder().name("twice").add("a", Counting::new).build();
    CompletableFuture<Void> first = f.start();
    CompletableFuture<Void> second = f.start(); // each caller gets a future of its own, of the one start
    second.join();
    first.join();
    f.start().join();
    assertEquals(1, Counting.OPENED.get(), "starting again starts nothing more");
    assertTrue(f.isRunning());
    assertEquals("inprocess", f.gatewayAddress().protocol());
    f.close();
    assertFalse(f.isRunning());
    AsyncFlow g = AsyncFlow.builder().name("closed").add().build();
    g.close();
    FlowException e = assertThrows(FlowException.class, () -> dev.jflow.api.internal.Futures.await(g.start()));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void anExecutorClassNeedsAPublicNoArgConstructor() {
    FlowException e = assertThrows(FlowException.class, () -> Flow.builder().add("a", NoDefault.class.getName()).build());
    assertTrue(e.getMessage().contains("no public no-arg constructor"), e.getMessage());
  }

  /** Has no no-arg constructor. */
  public static final class NoDefault implements Executor {
    public NoDefault(String arg) {}

    @Override
    public void handle(Request request) {}

    @Override
    public void close() {}
  }
}

package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.Tracing;
import dev.jflow.core.testing.TestExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code _pass} ({@link NonBlocking}) runs on the thread that brings the request; the built-in reducers
 * (which decode every document) and user executors run on the pod pool, and a long chain of inline pods stays within a bounded stack.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InlinePodsTest {
  /** Meters that record, per pod and replica, the threads each finished request was run on. */
  private static final class ThreadMeters implements Telemetry {
    final Map<String, Set<String>> threads = new ConcurrentHashMap<>();

    @Override
    public GatewayMetrics gateway(String flow, String protocol) {
      return GatewayMetrics.none();
    }

    @Override
    public PodMetrics pod(String flow, String pod, String replica) {
      Set<String> seen = threads.computeIfAbsent(pod + (replica.isEmpty() ? "" : "/" + replica), k -> ConcurrentHashMap.newKeySet());
      return new PodMetrics() {
        @Override
        public void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {
          seen.add(Thread.currentThread().getName());
        }
      };
    }

    @Override
    public AutoCloseable queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
      return () -> {};
    }

    @Override
    public RemoteMetrics remote(String flow, String pod, String address) {
      return RemoteMetrics.none();
    }

    @Override
    public Tracing tracing() {
      return Tracing.none();
    }

    @Override
    public Optional<MetricsScrape> scrape() {
      return Optional.empty();
    }
  }

  private static List<Document> docs(int n) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(Document.withId("d" + i).text("t" + i));
    }
    return docs;
  }

  @Test
  void passRunsOnTheThreadThatBringsTheRequestAndReducersAndUserExecutorsOnThePodPool() {
    ThreadMeters meters = new ThreadMeters();
    String pool = "jflow-inline-pod-"; // the Flow's pod pool (ThreadPools.cached(prefix + "-pod"))
    try (Flow f = Flow.builder().name("inline").protocol("inprocess").telemetry(meters)
        .add("pass")
        .add(PodSpec.builder("sharded").shards(2).polling(Polling.ALL).usesAfter("_merge").build())
        .add("user", TestExecutors.PathTagger::new)
        .build().start()) {
      List<Response> rs = f.index(Inputs.of(docs(12)), CallOptions.builder().requestSize(2).build());
      assertEquals(6, rs.size());
      rs.forEach(r -> assertFalse(r.isError(), r.status().toString()));
    }
    for (String inline : List.of("pass", "sharded/shard-0", "sharded/shard-1")) {
      Set<String> threads = meters.threads.get(inline);
      assertFalse(threads == null || threads.isEmpty(), inline + " ran: " + meters.threads);
      // the first request finds every replica idle and walks them on the client's sending thread; a later
      // one may be brought by a pod's thread (the gateway starts the next request when one is answered)
      assertTrue(threads.stream().anyMatch(t -> !t.startsWith(pool)), inline + " ran inline, off the pod pool: " + threads);
    }
    Set<String> tail = meters.threads.get("sharded/tail");
    assertTrue(tail.stream().allMatch(t -> t.startsWith(pool)), "a reducer (_merge) runs on the pod pool: " + tail);
    Set<String> user = meters.threads.get("user");
    assertTrue(user.stream().allMatch(t -> t.startsWith(pool)), "a user executor runs on the pod pool: " + user);
  }

  /** Records how many pod steps are nested on the thread that runs it; runs inline as {@code _pass} does. */
  static final class DepthProbe implements Executor, NonBlocking {
    static final Set<Integer> DEPTHS = ConcurrentHashMap.newKeySet();

    @Override
    public void handle(Request request) {
      DEPTHS.add(InlineRuns.depth());
    }
  }

  @Test
  void aChainOfFiftyPassPodsAnswersWithABoundedStack() throws Exception {
    FlowBuilder<Flow> b = Flow.builder().name("chain").protocol("inprocess");
    for (int i = 1; i <= 50; i++) {
      b.add("p" + i);
      if (i % 10 == 0) {
        b.add("probe" + i, DepthProbe::new); // after 10, 20, ... inline pods
      }
    }
    // the input is read, and in-process sent, on the call's executor: here threads with a small stack
    AtomicInteger made = new AtomicInteger();
    ExecutorService small = Executors.newCachedThreadPool(r -> new Thread(null, r, "small-stack-" + made.incrementAndGet(), 256 * 1024));
    try (Flow f = b.build().start()) {
      List<Response> rs = f.index(Inputs.of(docs(10)), CallOptions.builder().requestSize(1).prefetch(1).executor(small).build());
      assertEquals(10, rs.size());
      for (Response r : rs) {
        assertFalse(r.isError(), r.status().toString());
        assertEquals(56, r.routes().size(), "the gateway, 50 pass pods and 5 probes");
        assertEquals(List.of("gateway", "p1", "p2"), r.routes().stream().limit(3).map(Route::pod).toList());
      }
    } finally {
      small.shutdownNow();
    }
    Set<Integer> depths = DepthProbe.DEPTHS;
    assertTrue(depths.stream().allMatch(d -> d <= InlineRuns.MAX_DEPTH),
        "at most " + InlineRuns.MAX_DEPTH + " pods nested on one thread, then the pool: " + depths);
    assertTrue(depths.stream().anyMatch(d -> d > 1), "inline pods nest one in another up to the bound: " + depths);
  }

  @Test
  void stepsCountWhileTheyRunAndInlineWorkStopsAtTheBound() {
    int[] seen = new int[2];
    Runnable[] nest = new Runnable[1];
    nest[0] = () -> {
      if (InlineRuns.mayRunHere()) {
        seen[0] = Math.max(seen[0], InlineRuns.depth());
        InlineRuns.step(nest[0]);
      } else {
        seen[1] = InlineRuns.depth();
      }
    };
    InlineRuns.step(nest[0]);
    assertEquals(InlineRuns.MAX_DEPTH - 1, seen[0], "inline work may start while fewer than MAX_DEPTH steps are nested");
    assertEquals(InlineRuns.MAX_DEPTH, seen[1], "and not once MAX_DEPTH are: at most MAX_DEPTH nest");
    assertEquals(0, InlineRuns.depth(), "the count is back to zero once the steps end");
  }
}

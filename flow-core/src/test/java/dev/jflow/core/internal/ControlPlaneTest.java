package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.ReplicaState;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlPlaneTest {
  static final AtomicInteger OPENED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** Tags each document with its instance's version argument and takes a moment, so requests overlap control work. */
  public static final class Versioned implements Executor {
    private String version;

    @Override
    public void open(ExecutorContext context) {
      version = context.with().getString("version", "v1");
      OPENED.incrementAndGet();
    }

    @Override
    public Set<String> reloadableArgs() {
      return Set.of("version");
    }

    @Override
    public void handle(Request request) throws InterruptedException {
      Thread.sleep(2);
      request.docs().forEach(d -> d.tag("version", version));
    }

    @Override
    public void dump(String path, int shards) throws Exception {
      Files.writeString(Path.of(path), "version=" + version + " shards=" + shards);
    }

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }

  /** Keeps searching in the background, one request per call, counting sent, answered and failed. */
  static final class Load implements AutoCloseable {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final Map<String, Long> versions = new ConcurrentHashMap<>();
    final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<Void> done;

    Load(Flow f) {
      done = CompletableFuture.runAsync(() -> {
        while (!stop.get()) {
          sent.incrementAndGet();
          try {
            List<Response> rs = f.search(Inputs.of(List.of(Document.ofText("q"), Document.ofText("q"))), CallOptions.defaults());
            for (Response r : rs) {
              if (r.isError() || r.docs().size() != 2) {
                failures.add(r.status().toString() + " docs=" + r.docs().size());
              } else {
                ok.incrementAndGet();
                versions.merge(String.valueOf(r.docs().get(0).tags().get("version")), 1L, Long::sum);
              }
            }
          } catch (RuntimeException e) {
            failures.add(e.toString());
          }
        }
      });
    }

    /** Lets at least {@code n} more requests through. */
    void await(long n) {
      long target = ok.get() + n;
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> ok.get() >= target || !failures.isEmpty());
    }

    /** Stops sending and waits for the last call. */
    void stop() {
      stop.set(true);
      done.join();
    }

    @Override
    public void close() {
      stop();
    }
  }

  private static Flow flow(int replicas) {
    return flow(replicas, dev.jflow.api.FlowSpec.DEFAULT_WORKSPACE);
  }

  private static Flow flow(int replicas, Path workspace) {
    return Flow.builder().name("controlled").workspace(workspace)
        .add(PodSpec.builder("worker").uses(Versioned::new).replicas(replicas).build()).add("after").build().start();
  }

  private static List<ReplicaState> states(FlowStatus s, String pod) {
    return s.pod(pod).replicas().stream().map(FlowStatus.ReplicaStatus::state).collect(Collectors.toList());
  }

  @Test
  void scaleUpAndDownUnderLoadLosesNothingAndStatusFollows() {
    try (Flow f = flow(1); Load load = new Load(f)) {
      load.await(20);
      f.scale("worker", 4);
      assertEquals(List.of(ReplicaState.READY, ReplicaState.READY, ReplicaState.READY, ReplicaState.READY), states(f.status(), "worker"));
      load.await(40);
      f.scale("worker", 2);
      assertEquals(List.of(ReplicaState.READY, ReplicaState.READY), states(f.status(), "worker"));
      load.await(20);
      load.stop();
      assertEquals(List.of(), load.failures);
      assertEquals(load.sent.get(), load.ok.get(), "every request sent was answered");
      FlowStatus s = f.status();
      assertTrue(s.ready());
      assertEquals(load.ok.get() + 0L, s.pod("after").served(), "the next pod saw every request");
    }
  }

  @Test
  void reloadUnderLoadReplacesEveryInstanceAndLosesNothing() {
    try (Flow f = flow(2); Load load = new Load(f)) {
      load.await(20);
      int opened = OPENED.get();
      assertEquals(List.of("worker"), f.reload("work.*"));
      assertEquals(opened + 2, OPENED.get(), "two fresh instances");
      assertEquals(2, f.status().pod("worker").replicas().size());
      assertEquals(Set.of("replica-0", "replica-1"), f.status().pod("worker").replicas().stream().map(r -> r.id())
          .collect(Collectors.toSet()), "the fresh instances took the labels of the replicas they replaced");
      load.await(20);
      load.stop();
      assertEquals(List.of(), load.failures);
      assertEquals(load.sent.get(), load.ok.get());
    }
  }

  @Test
  void rollingUpdateNeverLeavesThePodWithoutAReadyReplica() {
    try (Flow f = flow(1); Load load = new Load(f)) {
      load.await(20);
      f.rollingUpdate("worker", Map.of("version", "v2"));
      load.await(30);
      load.stop();
      assertEquals(List.of(), load.failures);
      assertEquals(load.sent.get(), load.ok.get());
      assertTrue(load.versions.containsKey("v1") && load.versions.containsKey("v2"), load.versions.toString());
      assertEquals("v2", f.search(List.of(Document.ofText("q")), 0).get(0).docs().get(0).tags().get("version"));
      assertEquals(List.of(ReplicaState.READY), states(f.status(), "worker"));
    }
  }

  @Test
  void dumpAsksEveryShardAndRefusesExecutorsThatCannot(@TempDir Path dir) throws Exception {
    try (Flow f = flow(1, dir)) {
      f.dump("worker", dir.resolve("worker.dump").toString(), 3);
      assertEquals("version=v1 shards=3", Files.readString(dir.resolve("worker.dump")));
      FlowException e = assertThrows(FlowException.class, () -> f.dump("after", dir.resolve("x").toString(), 1));
      assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
      assertTrue(e.getMessage().contains("pod 'after' cannot dump"), e.getMessage());
    }
  }

  @Test
  void controlErrorsNameWhatIsWrong() {
    try (Flow f = flow(1)) {
      FlowException unknown = assertThrows(FlowException.class, () -> f.scale("nope", 2));
      assertEquals(Status.Code.NOT_FOUND, unknown.code());
      assertTrue(unknown.getMessage().contains("has no pod 'nope'; pods are [worker, after]"), unknown.getMessage());
      assertTrue(assertThrows(FlowException.class, () -> f.scale("worker", 0)).getMessage().contains("at least 1"));
      assertTrue(assertThrows(FlowException.class, () -> f.reload("zz.*")).getMessage().contains("no pod matches [zz.*]"));
      assertTrue(assertThrows(FlowException.class, () -> f.reload("([")).getMessage().contains("is not a regular expression"));
    }
  }

  @Test
  void scalingBeyondTheReplicaCapIsRefusedNamingTheCap() {
    try (Flow f = flow(1)) {
      FlowException e = assertThrows(FlowException.class, () -> f.scale("worker", 300));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains("cannot scale pod 'worker' to 300 replicas; the most a shard may have is 64"), e.getMessage());
      assertEquals(1, f.status().pod("worker").replicas().size(), "no replica was started");
      f.scale("worker", PodSpec.MAX_REPLICAS);
      assertEquals(PodSpec.MAX_REPLICAS, f.status().pod("worker").replicas().size(), "the cap itself is allowed");
    }
  }

  @Test
  void statusCountsServedAndShowsEveryReplica() {
    try (Flow f = flow(3)) {
      f.index(Inputs.of(IntStream.range(0, 30).mapToObj(i -> Document.ofText("x")).collect(Collectors.toList())),
          CallOptions.builder().requestSize(1).build());
      FlowStatus s = f.status();
      assertEquals("controlled", s.flow());
      assertEquals(3, s.pod("worker").ready());
      assertEquals(30, s.pod("worker").served());
      assertEquals(s, FlowStatus.fromJson(s.toJson()), "the wire form round-trips");
    }
  }
}

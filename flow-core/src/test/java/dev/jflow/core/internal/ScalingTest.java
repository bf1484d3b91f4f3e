package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.NamedScore;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Scheduling;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.Reducer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScalingTest {

  private static List<Document> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId("d" + i).text("t" + i)).collect(Collectors.toList());
  }

  private static List<String> podIds(List<Response> rs, String pod) {
    return rs.stream().flatMap(r -> r.routes().stream()).filter(r -> r.pod().equals(pod)).map(Route::podId).collect(Collectors.toList());
  }

  /** Tags each document with the shard that saw it. */
  public static final class ShardTagger implements Executor {
    private int shard;

    @Override
    public void open(ExecutorContext context) {
      shard = context.shard();
    }

    @Override
    public void handle(Request request) throws InterruptedException {
      request.docs().forEach(d -> d.tag("shard", shard));
      Thread.sleep(2); // work that takes a moment, so that LOAD_BALANCE sees busy shards (not for synchronization)
    }

    @Override
    public void close() {}
  }

  @Test
  void aOneShardPodWithAShardIdOpensItsExecutorsAsThatShard() {
    // what `jflow pod --shard-id 2` serves in the container of shard 2 of an exported or docker:// pod
    try (Flow f = Flow.builder().add(PodSpec.builder("part").uses(ShardTagger::new).replicas(2).shardId(2).build()).build().start()) {
      List<Response> rs = f.index(Inputs.of(docs(4)), CallOptions.builder().requestSize(1).build());
      Set<Object> seen = rs.stream().flatMap(r -> r.docs().stream()).map(d -> d.tags().get("shard")).collect(Collectors.toSet());
      assertEquals(Set.of(2), seen.stream().map(o -> ((Number) o).intValue()).collect(Collectors.toSet()));
      assertTrue(podIds(rs, "part").stream().allMatch(id -> id.startsWith("replica-")), "routes stay unlabelled by shard, as for"
          + " any one-shard pod: " + podIds(rs, "part"));
    }
  }

  @Test
  void nReplicasServeNRequestsAtOnce() throws Exception {
    int n = 3;
    CyclicBarrier allIn = new CyclicBarrier(n);
    try (Flow f = Flow.builder().add(PodSpec.builder("blocking").replicas(n).uses(() -> request -> allIn.await(10, TimeUnit.SECONDS)).build())
        .build().start()) {
      // the barrier only opens when n requests are inside the executor at the same time
      List<Response> rs = f.index(Inputs.of(docs(3 * n)), CallOptions.builder().requestSize(1).build());
      assertEquals(3 * n, rs.size());
      assertTrue(rs.stream().noneMatch(Response::isError), () -> rs.stream().map(Response::status).collect(Collectors.toList()).toString());
      assertEquals(Set.of("replica-0", "replica-1", "replica-2"), new HashSet<>(podIds(rs, "blocking")), "every replica served");
    }
  }

  @Test
  void aRequestNeverWaitsBehindABusyReplicaWhileAnotherIsIdle() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    try (Flow f = Flow.builder().add(PodSpec.builder("mixed").replicas(2).uses(() -> request -> {
      if (request.docs().get(0).tags().containsKey("hold")) {
        held.countDown();
        release.await(20, TimeUnit.SECONDS); // this request holds its replica
      }
    }).build()).build().start()) {
      CompletableFuture<List<Response>> slow = f.async().index(List.of(Document.withId("slow").tag("hold", true)));
      assertTrue(held.await(10, TimeUnit.SECONDS));
      // while one replica is held, twenty more requests all pass through the other
      List<Response> fast = f.index(Inputs.of(docs(20)), CallOptions.builder().requestSize(1).build());
      assertEquals(20, fast.size());
      assertEquals(1, new HashSet<>(podIds(fast, "mixed")).size(), "all went to the idle replica");
      assertTrue(!slow.isDone());
      release.countDown();
      assertEquals(1, slow.get(10, TimeUnit.SECONDS).size());
    }
  }

  @Test
  void allPollingAcrossThreeShardsKeepsExactlyTheKBestMatches() {
    // shard i holds scores i, i+3, i+6, ... : together 0..29
    try (Flow f = Flow.builder().add(PodSpec.builder("index").shards(3).polling(Polling.ALL).usesAfter("_merge_matches_topk")
        .uses(() -> new Executor() {
          private int shard;

          @Override
          public void open(ExecutorContext c) {
            shard = c.shard();
          }

          @Override
          public void handle(Request r) {
            for (Document q : r.docs()) {
              for (int s = shard; s < 30; s += 3) {
                q.addMatches(Document.withId("m" + s).score(NamedScore.of(s)));
              }
            }
          }

          @Override
          public void close() {}
        }).build()).build().start()) {
      Response r = f.search(docs(2), 5).get(0);
      for (Document q : r.docs()) {
        List<Float> scores = q.matches().stream().map(m -> m.score().value()).collect(Collectors.toList());
        assertEquals(List.of(29f, 28f, 27f, 26f, 25f), scores, "topK=5 across 3 shards gives the 5 best, not 15");
      }
      assertEquals(Set.of("shard-0", "shard-1", "shard-2", "tail"), new HashSet<>(podIds(List.of(r), "index")));
    }
  }

  @Test
  void anyPollingSpreadsRequestsAcrossShards() {
    for (Scheduling scheduling : Scheduling.values()) {
      try (Flow f = Flow.builder().add(PodSpec.builder("spread").shards(3).scheduling(scheduling).uses(ShardTagger::new).build())
          .build().start()) {
        List<Response> rs = f.index(Inputs.of(docs(30)), CallOptions.builder().requestSize(1).build());
        Map<Object, Long> perShard = rs.stream().map(r -> r.docs().get(0).tags().get("shard"))
            .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertEquals(3, perShard.size(), scheduling + " used every shard: " + perShard);
        if (scheduling == Scheduling.ROUND_ROBIN) {
          assertEquals(Map.of(0.0, 10L, 1.0, 10L, 2.0, 10L), perShard, "round robin takes shards in turn");
        }
      }
    }
  }

  @Test
  void pollingCanDifferByRequestType() {
    try (Flow f = Flow.builder().add(PodSpec.builder("p").shards(2).polling(Polling.ANY).polling(RequestType.SEARCH, Polling.ALL)
        .usesAfter("_merge_matches").uses(() -> r -> r.docs().forEach(d -> d.addMatches(Document.withId("from-" + Thread.currentThread().getId() + "-" + System.nanoTime()))))
        .build()).build().start()) {
      assertEquals(1, podIds(f.index(docs(1)), "p").stream().filter(id -> id.startsWith("shard-")).count(), "INDEX goes to one shard");
      Response search = f.search(docs(1), 0).get(0);
      assertEquals(2, podIds(List.of(search), "p").stream().filter(id -> id.startsWith("shard-")).count(), "SEARCH goes to both shards");
      assertEquals(2, search.docs().get(0).matches().size(), "both shards' matches were merged");
    }
  }

  @Test
  void usesBeforeAndAfterRunOnceAroundTheShards() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Flow f = Flow.builder().add(PodSpec.builder("pod").shards(2).polling(Polling.ALL)
        .usesBefore(() -> r -> seen.add("before"))
        .uses(() -> r -> seen.add("shard"))
        .usesAfter(() -> r -> seen.add("after"))
        .build()).build().start()) {
      f.index(docs(1));
      assertEquals(List.of("before", "shard", "shard", "after"), seen);
    }
  }

  /** A custom reducer: keeps, per document, the number of parts it was seen in. */
  public static final class CountingReducer implements Reducer {
    @Override
    public Request reduce(List<Request> parts) {
      Map<String, Document> byId = new HashMap<>();
      for (Request p : parts) {
        for (Document d : p.docs()) {
          Document kept = byId.computeIfAbsent(d.id(), k -> d);
          kept.tag("parts", ((Double) kept.tags().getOrDefault("parts", 0.0)) + (kept == d ? 1 : 1));
        }
      }
      return Request.builder(parts.get(0).type()).id(parts.get(0).id()).docs(new ArrayList<>(byId.values())).build();
    }

    @Override
    public void close() {}
  }

  @Test
  void customReducersReduceJoinsAndShards() {
    try (Flow f = Flow.builder()
        .add("a")
        .add(PodSpec.builder("b").needs("gateway").build())
        .add(PodSpec.builder("join").needs("a", "b").uses(CountingReducer.class).build())
        .build().start()) {
      Document d = f.index(docs(1)).get(0).docs().get(0);
      assertEquals(2.0, d.tags().get("parts"), "the join's reducer saw both parts");
    }
    try (Flow f = Flow.builder().add(PodSpec.builder("s").shards(4).polling(Polling.ALL).usesAfter(CountingReducer::new).build())
        .build().start()) {
      assertEquals(4.0, f.index(docs(1)).get(0).docs().get(0).tags().get("parts"), "the tail reduced all four shards");
    }
  }

  @Test
  void aJoinUnderSixtyFourConcurrentRequestsNeverMixesRequestIds() throws Exception {
    Map<String, String> seenBy = new ConcurrentHashMap<>();
    try (Flow f = Flow.builder()
        .add(PodSpec.builder("left").replicas(4).uses(() -> r -> r.docs().forEach(d -> d.tag("req", r.id()))).build())
        .add(PodSpec.builder("right").needs("gateway").replicas(4).uses(() -> r -> r.docs().forEach(d -> d.tag("req2", r.id()))).build())
        .add(PodSpec.builder("join").needs("left", "right").uses(() -> r -> {
          for (Document d : r.docs()) {
            if (!r.id().equals(d.tags().get("req")) || !r.id().equals(d.tags().get("req2"))) {
              throw new IllegalStateException("request " + r.id() + " holds parts of another request");
            }
            seenBy.put(d.id(), r.id());
          }
        }).build())
        .build().start()) {
      List<CompletableFuture<List<Response>>> calls = new ArrayList<>();
      for (int c = 0; c < 64; c++) {
        int call = c;
        calls.add(f.async().index(Inputs.of(IntStream.range(0, 4).mapToObj(i -> Document.withId(call + "-" + i)).collect(Collectors.toList())),
            CallOptions.builder().requestSize(1).build()));
      }
      for (CompletableFuture<List<Response>> call : calls) {
        for (Response r : call.get(30, TimeUnit.SECONDS)) {
          assertTrue(!r.isError(), r.status().toString());
          assertEquals(1, r.docs().size());
          assertEquals(r.requestId(), seenBy.get(r.docs().get(0).id()));
        }
      }
      assertEquals(256, seenBy.size());
    }
  }
}

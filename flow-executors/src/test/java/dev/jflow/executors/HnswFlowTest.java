package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.docs;
import static dev.jflow.executors.Fixtures.matchIds;
import static dev.jflow.executors.Fixtures.randomVectors;
import static dev.jflow.executors.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HnswIndexer in Flows: shards merged to the global top k, replicas sharing a workspace, a rolling update. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HnswFlowTest {
  private static final int DIM = 16;

  @TempDir
  Path tmp;

  private static Document query(float[] v) {
    return Document.withId("q").embedding(NdArray.of(v));
  }

  private static Document searchOne(Flow f, float[] v, int topK) {
    List<Response> rs = f.search(List.of(query(v)), topK);
    assertFalse(rs.get(0).isError(), () -> rs.get(0).toString());
    return rs.get(0).docs().get(0);
  }

  @Test
  void twoShardsMergeIntoTheGlobalTopK() {
    float[][] vectors = randomVectors(new Random(11), 400, DIM);
    VectorIndexer exact = new VectorIndexer();
    for (int i = 0; i < vectors.length; i++) {
      exact.add("v" + i, vectors[i]);
    }
    PodSpec idx = PodSpec.builder("idx").uses("HnswIndexer").shards(2).polling(RequestType.SEARCH, Polling.ALL)
        .polling(RequestType.DELETE, Polling.ALL).usesAfter("_merge_matches_topk").build();
    try (Flow f = Flow.builder().add(idx).build().start()) {
      List<Response> indexed = f.index(Inputs.of(docs("v", vectors)), CallOptions.builder().requestSize(50).build());
      assertTrue(indexed.stream().noneMatch(Response::isError));
      for (float[] q : randomVectors(new Random(12), 5, DIM)) {
        VectorIndexer.Hits want = exact.query(q, 10);
        List<String> wantIds = new ArrayList<>();
        for (int i = 0; i < want.size(); i++) {
          wantIds.add(want.id(i));
        }
        Document got = searchOne(f, q, 10);
        assertEquals(wantIds, matchIds(got), "the global top 10 from two shards of 200");
        assertEquals(want.score(0), got.matches().get(0).score().value(), 1e-5);
      }
    }
  }

  /** Two replicas of a shard opened on one workspace (as a Flow opens them) see each other's writes. */
  @Test
  void replicasOfAPersistedShardShareOneIndex() throws Exception {
    float[][] vectors = randomVectors(new Random(13), 50, DIM);
    HnswIndexer a = new HnswIndexer();
    try (HnswIndexer b = new HnswIndexer()) {
      a.open(context("idx", "workspace", tmp));
      b.open(context("idx", "workspace", tmp));
      a.handle(request(RequestType.INDEX, docs("v", vectors)));
      assertEquals("v7", HnswIndexerTest.searchFor(b, vectors[7], 1).matches().get(0).id());
      b.handle(Fixtures.delete("v7"));
      assertFalse(matchIds(HnswIndexerTest.searchFor(a, vectors[7], 3)).contains("v7"));
      a.close();
      assertEquals(49, b.size(), "one replica closing leaves the index open for the other");
    } finally {
      a.close(); // idempotent
    }
  }

  @Test
  void aReplicatedPersistedPodServesEveryWriteFromEitherReplica() {
    float[][] vectors = randomVectors(new Random(14), 40, DIM);
    PodSpec idx = PodSpec.builder("idx").uses("HnswIndexer").replicas(2).with("workspace", tmp.toString()).build();
    try (Flow f = Flow.builder().workspace(tmp).add(idx).build().start()) {
      List<CompletableFuture<List<Response>>> writes = new ArrayList<>();
      for (Document d : docs("v", vectors)) { // one request each, at once: both replicas write
        writes.add(f.async().index(List.of(d)));
      }
      writes.forEach(w -> assertTrue(w.join().stream().noneMatch(Response::isError)));
      List<CompletableFuture<List<Response>>> searches = new ArrayList<>();
      for (float[] v : vectors) { // at once: both replicas search
        searches.add(f.async().search(List.of(query(v)), 1));
      }
      for (int i = 0; i < vectors.length; i++) {
        Response r = searches.get(i).join().get(0);
        assertFalse(r.isError(), r::toString);
        assertEquals("v" + i, r.docs().get(0).matches().get(0).id());
      }
    }
  }

  /** A rolling update of a replicated, persisted pod to a dump, while a client keeps searching. */
  @Test
  void aRollingUpdateToADumpKeepsServingSearches() throws Exception {
    float[][] old = randomVectors(new Random(15), 60, DIM);
    float[][] fresh = randomVectors(new Random(16), 60, DIM);
    VectorIndexer dumped = new VectorIndexer();
    dumped.open(context("idx"));
    dumped.handle(request(RequestType.INDEX, docs("new", fresh)));
    dumped.dump(tmp.resolve("dump").toString(), 1);

    PodSpec idx = PodSpec.builder("idx").uses("HnswIndexer").replicas(2).with("workspace", tmp.resolve("ws").toString())
        .build();
    try (Flow f = Flow.builder().workspace(tmp).allowReloadPaths(true).add(idx).build().start()) {
      assertTrue(f.index(Inputs.of(docs("old", old)), CallOptions.builder().requestSize(10).build()).stream()
          .noneMatch(Response::isError));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger served = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch searching = new CountDownLatch(1);
      Thread client = new Thread(() -> {
        Random random = new Random(17);
        while (!stop.get()) {
          try {
            Response r = f.search(List.of(query(old[random.nextInt(old.length)])), 3).get(0);
            if (r.isError() || r.docs().get(0).matches().size() != 3) {
              failures.add(r.toString());
            }
            served.incrementAndGet();
          } catch (RuntimeException e) {
            failures.add(e.toString());
          }
          searching.countDown();
        }
      });
      client.start();
      assertTrue(searching.await(30, TimeUnit.SECONDS));
      f.rollingUpdate("idx", Map.of("load_path", tmp.resolve("dump").toString()));
      stop.set(true);
      client.join(30_000);
      assertEquals(List.of(), new ArrayList<>(failures), "every search during the update succeeded");
      for (int i = 0; i < 4; i++) {
        List<String> ids = matchIds(searchOne(f, fresh[i], 5));
        assertEquals("new" + i, ids.get(0));
        assertTrue(ids.stream().allMatch(id -> id.startsWith("new")), "only the dump's vectors: " + ids);
      }
    }
  }
}

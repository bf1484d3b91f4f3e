package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.docs;
import static dev.jflow.executors.Fixtures.matchIds;
import static dev.jflow.executors.Fixtures.randomVectors;
import static dev.jflow.executors.Fixtures.request;
import static dev.jflow.executors.Fixtures.search;
import static dev.jflow.executors.HnswIndexerTest.doc;
import static dev.jflow.executors.HnswIndexerTest.searchFor;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads that survive restarts, dimensions that follow the searched view, and requests refused before writing. */
class HnswStoreFixesTest {
  @TempDir
  Path tmp;

  private Path dump(String name, String prefix, int n, int dim, long seed) throws Exception {
    VectorIndexer exact = new VectorIndexer();
    exact.open(context("idx"));
    exact.handle(request(RequestType.INDEX, docs(prefix, randomVectors(new Random(seed), n, dim))));
    exact.dump(tmp.resolve(name).toString(), 1);
    return tmp.resolve(name);
  }

  @Test
  void aRestartWithTheSameLoadPathKeepsTheWritesSinceTheLoad() throws Exception {
    Path a = dump("a", "a", 20, 4, 1);
    Path ws = tmp.resolve("ws");
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", ws, "load_path", a));
      assertEquals(20, hnsw.size());
      hnsw.handle(request(RequestType.INDEX, List.of(doc("added", 1, 2, 3, 4))));
      hnsw.handle(Fixtures.delete("a0"));
    }
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", ws, "load_path", a));
      assertEquals(20, hnsw.size(), "the dump is not loaded again over the writes made since");
      assertEquals("added", matchIds(searchFor(hnsw, new float[] {1, 2, 3, 4}, 1)).get(0));
    }
    Path b = dump("b", "b", 7, 4, 2);
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", ws, "load_path", b));
      assertEquals(7, hnsw.size(), "another dump replaces the index");
      assertTrue(matchIds(searchFor(hnsw, new float[] {1, 2, 3, 4}, 10)).stream().allMatch(id -> id.startsWith("b")));
    }
    try (HnswIndexer hnsw = new HnswIndexer()) { // delete everything: the index empties, and remembers the dump
      hnsw.open(context("idx", "workspace", ws, "load_path", b));
      for (int i = 0; i < 7; i++) {
        hnsw.handle(Fixtures.delete("b" + i));
      }
      assertEquals(-1, hnsw.dim());
    }
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", ws, "load_path", b));
      assertEquals(0, hnsw.size(), "deleted documents do not come back from the dump");
    }
  }

  /** Replicas search while a new one loads a dump of another dimension; every search runs on a view of its own dimension. */
  @Test
  void searchesDuringALoadOfAnotherDimensionUseTheirViewsDimension() throws Exception {
    Path big = dump("big", "n", 3000, 8, 3);
    Path ws = tmp.resolve("ws");
    try (HnswIndexer old = new HnswIndexer(); HnswIndexer fresh = new HnswIndexer()) {
      old.open(context("idx", "workspace", ws));
      old.handle(request(RequestType.INDEX, List.of(doc("o1", 1, 0, 0, 0), doc("o2", 0, 1, 0, 0))));
      AtomicBoolean loading = new AtomicBoolean(true);
      List<String> failures = new ArrayList<>();
      CompletableFuture<Integer> searches = CompletableFuture.supplyAsync(() -> {
        int done = 0;
        while (loading.get() || done == 0) {
          for (float[] q : List.of(new float[] {1, 0, 0, 0}, new float[] {1, 0, 0, 0, 0, 0, 0, 0})) {
            try {
              searchFor(old, q, 3);
            } catch (IllegalArgumentException e) { // the other dimension: fine; anything else is not
              if (!e.getMessage().contains("dimensions, the index has")) {
                failures.add(e.toString());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
            done++;
          }
        }
        return done;
      });
      try {
        fresh.open(context("idx", "workspace", ws, "load_path", big));
      } finally {
        loading.set(false);
      }
      assertTrue(searches.get(60, TimeUnit.SECONDS) > 0);
      assertEquals(List.of(), failures);
      assertEquals(8, old.dim());
      assertEquals(3, searchFor(old, new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 3).matches().size());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> searchFor(old, new float[] {1, 0, 0, 0}, 3));
      assertEquals("query 'q' has 4 dimensions, the index has 8", e.getMessage());
      old.dump(tmp.resolve("again").toString(), 1);
      VectorIndexer back = new VectorIndexer();
      back.open(context("back", "load_path", tmp.resolve("again")));
      assertEquals(3000, back.size());
      assertEquals(8, back.dim());
    }
  }

  @Test
  void aHugeTopKReturnsWhatTheIndexHolds() throws Exception {
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx"));
      hnsw.handle(request(RequestType.INDEX, docs("v", randomVectors(new Random(4), 50, 6))));
      Document q = Document.withId("q").embedding(NdArray.of(randomVectors(new Random(5), 1, 6)[0]));
      hnsw.handle(search(List.of(q), 100_000_000));
      assertEquals(50, q.matches().size());
    }
  }

  @Test
  void anIdTooLongForLuceneIsRefusedBeforeAnythingIsWritten() throws Exception {
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", tmp));
      String longId = "é".repeat(16_384); // 32,768 UTF-8 bytes in 16,384 chars
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> hnsw.handle(request(RequestType.INDEX, List.of(doc("first", 1, 2), doc(longId, 1, 2)))));
      assertTrue(e.getMessage().startsWith("a document id of 32768 UTF-8 bytes"), e.getMessage());
      assertEquals(0, hnsw.size());
      hnsw.handle(request(RequestType.INDEX, List.of(doc("later", 1, 2))));
      assertEquals(List.of("later"), matchIds(searchFor(hnsw, new float[] {1, 2}, 5)), "the refused entries never land");
    }
  }

  @Test
  void anAllZeroQueryIsRefusedUnderCosine() throws Exception {
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx"));
      hnsw.handle(request(RequestType.INDEX, List.of(doc("a", 1, 2))));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> searchFor(hnsw, new float[] {0, 0}, 1));
      assertTrue(e.getMessage().startsWith("query 'q' has an all-zero embedding"), e.getMessage());
    }
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "metric", "euclidean"));
      hnsw.handle(request(RequestType.INDEX, List.of(doc("a", 1, 2))));
      assertEquals(List.of("a"), matchIds(searchFor(hnsw, new float[] {0, 0}, 1)));
    }
  }

  @Test
  void aMemoryIndexReloadsUntilWrittenToAndSaysWhatAFreshOneWouldHold() throws Exception {
    Path a = dump("a", "a", 5, 3, 6);
    JsonMap none = JsonMap.of(Map.of());
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "load_path", a));
      assertDoesNotThrow(() -> hnsw.checkReload(none), "never written to: a fresh instance loads the same dump");
      hnsw.handle(request(RequestType.INDEX, List.of(doc("x", 1, 2, 3))));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> hnsw.checkReload(none));
      assertTrue(e.getMessage().contains("would start again from its load_path " + a), e.getMessage());
    }
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx"));
      hnsw.handle(request(RequestType.INDEX, List.of(doc("x", 1, 2, 3))));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> hnsw.checkReload(none));
      assertTrue(e.getMessage().contains("would start empty"), e.getMessage());
    }
  }

  private static final class Fragile implements AutoCloseable, SharedStores.Breakable {
    volatile boolean broken;
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public boolean broken() {
      return broken;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void aBrokenSharedStoreIsNotJoinedButOpenedAfresh() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    SharedStores.Opener<Fragile> opener = () -> {
      opens.incrementAndGet();
      return new Fragile();
    };
    SharedStores.Lease<Fragile> a = SharedStores.acquire("fragile", tmp, Fragile.class, opener);
    SharedStores.Lease<Fragile> b = SharedStores.acquire("fragile", tmp, Fragile.class, opener);
    assertSame(a.store(), b.store());
    Fragile old = a.store();
    old.broken = true;
    SharedStores.Lease<Fragile> c = SharedStores.acquire("fragile", tmp, Fragile.class, opener);
    assertNotSame(old, c.store());
    assertTrue(c.first());
    a.close();
    b.close();
    assertEquals(1, old.closes.get(), "the broken store closes with its last holder");
    assertEquals(0, c.store().closes.get());
    SharedStores.Lease<Fragile> d = SharedStores.acquire("fragile", tmp, Fragile.class, opener);
    assertSame(c.store(), d.store(), "closing the broken store's leases left the fresh one shared");
    c.close();
    d.close();
    assertEquals(1, c.store().closes.get());
    assertEquals(2, opens.get());
  }

  @Test
  void theBufferBudgetIsDividedAmongOpenStores() throws Exception {
    assertEquals(16, HnswStore.ramBufferMb(100_000), 0.0, "never below 16 MB");
    assertTrue(HnswStore.ramBufferMb(1) <= 256 && HnswStore.ramBufferMb(2) <= HnswStore.ramBufferMb(1));
    try (HnswStore a = HnswStore.open(null, Metric.COSINE, 16, 100)) {
      double alone = a.ramBufferMb();
      try (HnswStore b = HnswStore.open(null, Metric.COSINE, 16, 100)) {
        assertEquals(HnswStore.ramBufferMb(HnswStore.openStores()), a.ramBufferMb(), 0.0, "the open store's share shrank");
        assertEquals(a.ramBufferMb(), b.ramBufferMb(), 0.0);
      }
      assertEquals(alone, a.ramBufferMb(), 0.0, "and grows back when the other closes");
    }
  }
}

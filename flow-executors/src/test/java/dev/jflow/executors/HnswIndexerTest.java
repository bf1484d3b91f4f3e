package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.delete;
import static dev.jflow.executors.Fixtures.docs;
import static dev.jflow.executors.Fixtures.matchIds;
import static dev.jflow.executors.Fixtures.randomVectors;
import static dev.jflow.executors.Fixtures.request;
import static dev.jflow.executors.Fixtures.search;
import static dev.jflow.executors.Fixtures.shardContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HnswIndexerTest {
  @TempDir
  Path tmp;

  /** Recall@10 against the exact index at the default settings: 5,000 random 64-d vectors, 200 queries. */
  @ParameterizedTest
  @EnumSource(Metric.class)
  void findsNearlyAllTrueNeighboursAtTheDefaultSettings(Metric metric) throws Exception {
    Random random = new Random(17);
    float[][] vectors = randomVectors(random, 5_000, 64);
    VectorIndexer exact = new VectorIndexer(metric);
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "metric", metric.id()));
      List<Document> all = docs("v", vectors);
      for (int from = 0; from < all.size(); from += 500) { // ten committed requests, as a Flow would send
        hnsw.handle(request(RequestType.INDEX, all.subList(from, from + 500)));
      }
      for (int i = 0; i < vectors.length; i++) {
        exact.add("v" + i, vectors[i]);
      }
      assertEquals(5_000, hnsw.size());
      int found = 0;
      for (float[] q : randomVectors(random, 200, 64)) {
        VectorIndexer.Hits want = exact.query(q, 10);
        VectorIndexer.Hits got = hnsw.query(q, 10);
        assertEquals(10, got.size());
        Map<String, Float> truth = new java.util.HashMap<>();
        for (int i = 0; i < want.size(); i++) {
          truth.put(want.id(i), want.score(i));
        }
        for (int i = 0; i < got.size(); i++) {
          if (truth.containsKey(got.id(i))) {
            found++;
            assertEquals(truth.get(got.id(i)), got.score(i), 1e-3 * Math.max(1, Math.abs(got.score(i))),
                metric + ": the score of " + got.id(i) + " is the metric's value, as the exact index gives it");
          }
          if (i > 0) {
            assertTrue(metric.higherIsCloser() ? got.score(i) <= got.score(i - 1) : got.score(i) >= got.score(i - 1),
                "closest first");
          }
        }
      }
      double recall = found / 2_000.0;
      assertTrue(recall >= 0.95, metric + ": recall@10 " + recall);
    }
  }

  @Test
  void matchesCarryTheKeptDocumentAndAScoreLikeVectorIndexers() throws Exception {
    float[][] vectors = randomVectors(new Random(3), 40, 8);
    List<Document> stored = docs("d", vectors);
    stored.get(5).tag("color", "red");
    VectorIndexer exact = new VectorIndexer();
    exact.open(context("idx"));
    exact.handle(request(RequestType.INDEX, stored));
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx"));
      hnsw.handle(request(RequestType.INDEX, stored));
      Document q1 = Document.withId("q").embedding(NdArray.of(vectors[5]));
      Document q2 = Document.withId("q").embedding(NdArray.of(vectors[5]));
      exact.handle(search(List.of(q1), 4));
      hnsw.handle(search(List.of(q2), 4));
      assertEquals(matchIds(q1), matchIds(q2));
      Document best = q2.matches().get(0);
      assertEquals("d5", best.id());
      assertEquals("text of d5", best.text());
      assertEquals("red", best.tags().get("color"));
      assertNull(best.embedding(), "stored without its embedding, as VectorIndexer keeps it");
      assertEquals(1, best.adjacency());
      assertEquals("cosine", best.score().opName());
      assertEquals("q", best.score().refId());
      for (int i = 0; i < 4; i++) {
        assertEquals(q1.matches().get(i).score().value(), q2.matches().get(i).score().value(), 1e-5);
      }
      Document plain = Document.withId("p").embedding(NdArray.of(new double[] {1, 0, 0, 0, 0, 0, 0, 0}));
      hnsw.handle(search(List.of(plain, Document.withId("none")), 2));
      assertEquals(2, plain.matches().size(), "a float64 query is converted");
    }
  }

  @Test
  void deletesAndUpdatesAreVisibleToTheNextSearch() throws Exception {
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "metric", "euclidean"));
      hnsw.handle(request(RequestType.INDEX, List.of(doc("a", 0, 0), doc("b", 10, 0), doc("c", 20, 0))));
      assertEquals(List.of("a", "b"), matchIds(searchNear(hnsw, 1, 0, 2)));

      hnsw.handle(request(RequestType.UPDATE, List.of(doc("c", 2, 0.5), doc("unknown", 1, 0))));
      assertEquals(List.of("a", "c"), matchIds(searchNear(hnsw, 1, 0, 2)));
      assertEquals(3, hnsw.size(), "an update of an unknown id adds nothing");

      hnsw.handle(delete("a"));
      hnsw.handle(request(RequestType.DELETE, List.of(Document.withId("c"))));
      Document q = searchNear(hnsw, 1, 0, 5);
      assertEquals(List.of("b"), matchIds(q));
      assertEquals(9f, q.matches().get(0).score().value(), 1e-4, "the euclidean distance");

      hnsw.handle(request(RequestType.INDEX, List.of(doc("b", 5, 0))));
      assertEquals(5f, searchNear(hnsw, 0, 0, 1).matches().get(0).score().value(), 1e-4, "INDEX replaces");
      assertEquals(1, hnsw.size());
    }
  }

  @Test
  void theFirstVectorFixesTheDimensionUntilTheIndexIsEmpty() throws Exception {
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx"));
      hnsw.handle(request(RequestType.INDEX, List.of(doc("a", 1, 2))));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> hnsw.handle(request(RequestType.INDEX, List.of(doc("ok", 1, 1), doc("long", 1, 2, 3)))));
      assertEquals("document 'long' has an embedding of 3 dimensions, the index holds 2-dimensional vectors", e.getMessage());
      assertEquals(1, hnsw.size(), "a refused request writes nothing");
      e = assertThrows(IllegalArgumentException.class, () -> hnsw.handle(search(List.of(doc("q", 1, 2, 3)), 1)));
      assertEquals("query 'q' has 3 dimensions, the index has 2", e.getMessage());

      hnsw.handle(delete("a"));
      assertEquals(-1, hnsw.dim());
      hnsw.handle(request(RequestType.INDEX, List.of(doc("b", 1, 2, 3))));
      assertEquals(3, hnsw.dim());
      assertEquals(List.of("b"), matchIds(searchNear(hnsw, 1, 2, 3, 1)));
    }
  }

  @Test
  void badArgumentsAreRefusedNamingTheKey() {
    Map<String, Object> bad = Map.of("m", 1.0, "ef_construction", 5000.0, "ef_search", "many", "metric", "manhattan",
        "default_top_k", -1.0, "keep_documents", "maybe", "traversal_paths", List.of("x"));
    bad.forEach((key, value) -> {
      HnswIndexer hnsw = new HnswIndexer();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hnsw.open(context("idx", key, value)));
      assertTrue(e.getMessage().startsWith("HnswIndexer: '" + key + "' must be "), e.getMessage());
    });
    HnswIndexer hnsw = new HnswIndexer();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> hnsw.open(context("idx", "load_path", tmp.resolve("missing"))));
    assertTrue(e.getMessage().contains("load_path " + tmp.resolve("missing")), e.getMessage());
  }

  @Test
  void aWorkspaceKeepsTheIndexAcrossCloseAndReopen() throws Exception {
    float[][] vectors = randomVectors(new Random(5), 200, 12);
    List<String> before;
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", tmp, "metric", "inner_product"));
      hnsw.handle(request(RequestType.INDEX, docs("v", vectors)));
      hnsw.handle(delete("v0"));
      before = matchIds(searchFor(hnsw, vectors[1], 5));
    }
    assertTrue(Files.isDirectory(tmp.resolve("idx/hnsw")));
    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "workspace", tmp, "metric", "inner_product"));
      assertEquals(199, hnsw.size());
      assertEquals(12, hnsw.dim());
      Document q = searchFor(hnsw, vectors[1], 5);
      assertEquals(before, matchIds(q));
      assertEquals("text of " + before.get(0), q.matches().get(0).text());
    }
    HnswIndexer other = new HnswIndexer();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> other.open(context("idx", "workspace", tmp, "metric", "cosine")));
    assertTrue(e.getMessage().contains("'metric' is cosine") && e.getMessage().contains("inner_product"), e.getMessage());
  }

  @Test
  void shardsKeepTheirOwnDirectories() throws Exception {
    try (HnswIndexer s0 = new HnswIndexer(); HnswIndexer s1 = new HnswIndexer()) {
      s0.open(shardContext("idx", 0, "workspace", tmp));
      s1.open(shardContext("idx", 1, "workspace", tmp));
      s0.handle(request(RequestType.INDEX, List.of(doc("a", 1, 0))));
      assertEquals(0, s1.size());
      assertTrue(Files.isDirectory(tmp.resolve("idx-1/hnsw")));
    }
  }

  /** A dump moves an index between VectorIndexer and HnswIndexer, both ways, part by part. */
  @Test
  void dumpsMoveBetweenTheExactAndTheHnswIndex() throws Exception {
    float[][] vectors = randomVectors(new Random(9), 300, 10);
    VectorIndexer exact = new VectorIndexer();
    exact.open(context("idx"));
    exact.handle(request(RequestType.INDEX, docs("v", vectors)));
    exact.dump(tmp.resolve("from-exact").toString(), 2);

    Set<String> loaded = new HashSet<>();
    for (int shard = 0; shard < 2; shard++) {
      int s = shard;
      try (HnswIndexer hnsw = new HnswIndexer()) {
        hnsw.open(shardContext("idx", shard, "load_path", tmp.resolve("from-exact")));
        Document q = searchFor(hnsw, vectors[0], 300);
        q.matches().forEach(m -> {
          assertEquals(s, Workspace.part(m.id(), 2), m.id() + " belongs to part " + s);
          assertEquals("text of " + m.id(), m.text());
          loaded.add(m.id());
        });
      }
    }
    assertEquals(300, loaded.size(), "the two parts hold every vector once");

    try (HnswIndexer hnsw = new HnswIndexer()) {
      hnsw.open(context("idx", "load_path", tmp.resolve("from-exact/vectors-0.bin")));
      hnsw.handle(request(RequestType.INDEX, docs("w", randomVectors(new Random(10), 20, 10))));
      hnsw.dump(tmp.resolve("from-hnsw").toString(), 1);
      VectorIndexer back = new VectorIndexer();
      back.open(context("idx", "load_path", tmp.resolve("from-hnsw")));
      assertEquals(hnsw.size(), back.size());
      Document q1 = searchFor(hnsw, vectors[2], 5);
      Document q2 = Document.withId("q").embedding(NdArray.of(vectors[2]));
      back.handle(search(List.of(q2), 5));
      assertEquals(matchIds(q2), matchIds(q1));
      assertEquals(q2.matches().get(0).text(), q1.matches().get(0).text(), "documents travel with the vectors");
    }
  }

  /** The first replica opened with a load_path replaces the shared index; later ones with the same dump join it. */
  @Test
  void laterReplicasWithTheSameDumpJoinTheLoadedIndex() throws Exception {
    VectorIndexer exact = new VectorIndexer();
    exact.open(context("idx"));
    exact.handle(request(RequestType.INDEX, docs("d", randomVectors(new Random(21), 30, 6))));
    exact.dump(tmp.resolve("dump").toString(), 1);
    try (HnswIndexer old = new HnswIndexer(); HnswIndexer first = new HnswIndexer(); HnswIndexer second = new HnswIndexer()) {
      old.open(context("idx", "workspace", tmp.resolve("ws")));
      old.handle(request(RequestType.INDEX, List.of(doc("old", 1, 2, 3, 4, 5, 6))));
      first.open(context("idx", "workspace", tmp.resolve("ws"), "load_path", tmp.resolve("dump")));
      assertEquals(30, old.size(), "the old replica sees the dump as soon as the first new one loaded it");
      first.handle(request(RequestType.INDEX, List.of(doc("added", 1, 2, 3, 4, 5, 6))));
      second.open(context("idx", "workspace", tmp.resolve("ws"), "load_path", tmp.resolve("dump")));
      assertEquals(31, second.size(), "the second new replica joins: the write after the load stays");
    }
  }

  static Document doc(String id, double... v) {
    return Document.withId(id).text("text of " + id).embedding(NdArray.of(v));
  }

  private static Document searchNear(HnswIndexer hnsw, double... v) throws Exception {
    double[] q = java.util.Arrays.copyOf(v, v.length - 1);
    Document d = Document.withId("q").embedding(NdArray.of(q));
    hnsw.handle(search(List.of(d), (int) v[v.length - 1]));
    return d;
  }

  static Document searchFor(HnswIndexer hnsw, float[] v, int k) throws Exception {
    Document d = Document.withId("q").embedding(NdArray.of(v));
    hnsw.handle(search(List.of(d), k));
    return d;
  }
}

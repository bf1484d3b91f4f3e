package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.shardContext;
import static dev.jflow.executors.Fixtures.docs;
import static dev.jflow.executors.Fixtures.matchIds;
import static dev.jflow.executors.Fixtures.randomVectors;
import static dev.jflow.executors.Fixtures.request;
import static dev.jflow.executors.Fixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorIndexerTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Metric.class)
  void topKMatchesABruteForceReference(Metric metric) {
    Random random = new Random(7);
    VectorIndexer index = new VectorIndexer(metric);
    Map<String, float[]> stored = new LinkedHashMap<>();
    float[][] vectors = randomVectors(random, 600, 37); // 37: not a multiple of the 4-way unrolling
    for (int i = 0; i < vectors.length; i++) {
      index.add("v" + i, vectors[i]);
      stored.put("v" + i, vectors[i]);
    }
    for (int i = 0; i < 200; i++) { // deletes move the last row into the gap
      String id = "v" + random.nextInt(vectors.length);
      assertEquals(stored.remove(id) != null, index.remove(id));
    }
    assertEquals(stored.size(), index.size());
    for (float[] q : randomVectors(random, 25, 37)) {
      assertAgreesWithReference(metric, stored, q, index.query(q, 10));
    }
    assertEquals(stored.size(), index.query(new float[37], 10_000).size(), "k beyond the size returns everything");
  }

  private static void assertAgreesWithReference(Metric metric, Map<String, float[]> stored, float[] q, VectorIndexer.Hits hits) {
    Map<String, Double> reference = new LinkedHashMap<>();
    stored.forEach((id, v) -> reference.put(id, score(metric, q, v)));
    List<Map.Entry<String, Double>> ranked = new ArrayList<>(reference.entrySet());
    Comparator<Map.Entry<String, Double>> byScore = Map.Entry.comparingByValue();
    ranked.sort(metric.higherIsCloser() ? byScore.reversed() : byScore);
    assertEquals(10, hits.size());
    for (int i = 0; i < hits.size(); i++) {
      assertEquals(ranked.get(i).getValue(), hits.score(i), TOLERANCE, metric + ": score of rank " + i);
      assertEquals(reference.get(hits.id(i)), hits.score(i), TOLERANCE, metric + ": hit " + hits.id(i) + "'s own score");
    }
  }

  private static double score(Metric metric, float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double sq = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
      sq += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
    }
    switch (metric) {
      case COSINE: return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
      case EUCLIDEAN: return Math.sqrt(sq);
      default: return dot;
    }
  }

  @Test
  void searchFillsMatchesBestFirstWithScoresAndProvenance() throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("idx", "default_top_k", 2));
      index.handle(request(RequestType.INDEX, List.of(
          Document.withId("x").text("east").tag("k", "v").embedding(NdArray.of(new float[] {1, 0})),
          Document.withId("y").text("north").embedding(NdArray.of(new float[] {0, 1})),
          Document.withId("xy").text("north-east").embedding(NdArray.of(new double[] {1, 1})),
          Document.withId("none").text("no embedding"))));
      assertEquals(3, index.size(), "documents without an embedding are skipped; float64 is converted");

      Document q = Document.withId("q").adjacency(2).embedding(NdArray.of(new float[] {2, 0.1f}));
      index.handle(request(RequestType.SEARCH, List.of(q)));
      assertEquals(List.of("x", "xy"), matchIds(q), "default_top_k when the request sets none");
      Document best = q.matches().get(0);
      assertEquals("cosine", best.score().opName());
      assertEquals("q", best.score().refId());
      assertEquals(3, best.adjacency());
      assertEquals(2 / Math.sqrt(4.01), best.score().value(), 1e-6);
      assertEquals("east", best.text(), "keep_documents (default) returns the stored content");
      assertEquals("v", best.tags().get("k"));
      assertNull(best.embedding(), "the kept copy has no embedding");

      Document q3 = Document.withId("q3").embedding(NdArray.of(new float[] {0, 1}));
      index.handle(search(List.of(q3), 3));
      assertEquals(List.of("y", "xy", "x"), matchIds(q3));

      Document noEmbedding = Document.withId("t").text("just text");
      index.handle(search(List.of(noEmbedding), 3));
      assertTrue(noEmbedding.matches().isEmpty());
    }
  }

  @Test
  void updateReplacesOnlyStoredIdsAndDeleteRemoves() throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("idx", "metric", "euclidean", "keep_documents", false));
      index.handle(request(RequestType.INDEX, List.of(
          Document.withId("a").embedding(NdArray.of(new float[] {0, 0})),
          Document.withId("b").embedding(NdArray.of(new float[] {5, 5})))));
      index.handle(request(RequestType.UPDATE, List.of(
          Document.withId("a").embedding(NdArray.of(new float[] {9, 9})),
          Document.withId("unknown").embedding(NdArray.of(new float[] {0, 0})))));
      assertEquals(2, index.size(), "an update of an unknown id adds nothing");

      Document q = Document.withId("q").embedding(NdArray.of(new float[] {0, 0}));
      index.handle(search(List.of(q), 2));
      assertEquals(List.of("b", "a"), matchIds(q), "euclidean: closest (smallest distance) first");
      assertEquals(Math.sqrt(50), q.matches().get(0).score().value(), 1e-5);
      assertEquals("euclidean", q.matches().get(0).score().opName());
      assertNull(q.matches().get(0).text(), "keep_documents false: id and score only");

      index.handle(Fixtures.delete("b", "missing"));
      Document again = Document.withId("q").embedding(NdArray.of(new float[] {0, 0}));
      index.handle(search(List.of(again), 5));
      assertEquals(List.of("a"), matchIds(again));
    }
  }

  @Test
  void aDimensionMismatchNamesTheIdAndBothDimensions() throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("idx"));
      index.handle(request(RequestType.INDEX, List.of(Document.withId("a").embedding(NdArray.of(new float[4])))));
      Request bad = search(List.of(Document.withId("q7").embedding(NdArray.of(new float[3]))), 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> index.handle(bad));
      assertEquals("query 'q7' has 3 dimensions, the index has 4", e.getMessage());
      IllegalArgumentException add = assertThrows(IllegalArgumentException.class,
          () -> index.handle(request(RequestType.INDEX, List.of(Document.withId("d2").embedding(NdArray.of(new float[5]))))));
      assertTrue(add.getMessage().contains("'d2'") && add.getMessage().contains("5") && add.getMessage().contains("4"),
          add.getMessage());
    }
  }

  @Test
  void badArgumentsAreNamed() {
    VectorIndexer index = new VectorIndexer();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> index.open(context("idx", "metric", "manhattan")));
    assertEquals("VectorIndexer: 'metric' must be cosine, euclidean or inner_product, got 'manhattan'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> index.open(context("idx", "default_top_k", 2.5)));
    assertEquals("VectorIndexer: 'default_top_k' must be an integer >= 0, got 2.5", e.getMessage());
  }

  @Test
  void theWorkspaceKeepsTheIndexAcrossRestarts() throws Exception {
    Random random = new Random(3);
    List<Document> corpus = docs("d", randomVectors(random, 300, 16));
    List<Document> queries = docs("q", randomVectors(random, 5, 16));
    List<List<String>> before = new ArrayList<>();
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", tmp, "metric", "inner_product"));
      index.handle(request(RequestType.INDEX, corpus));
      index.handle(Fixtures.delete("d0", "d1"));
      for (Document q : queries) {
        Document copy = Document.withId(q.id()).embedding(q.embedding());
        index.handle(search(List.of(copy), 7));
        before.add(matchIds(copy));
      }
    }
    assertTrue(Files.isRegularFile(tmp.resolve("vec").resolve("vectors.bin")));
    try (VectorIndexer reopened = new VectorIndexer()) {
      reopened.open(context("vec", "workspace", tmp, "metric", "inner_product"));
      assertEquals(298, reopened.size());
      for (int i = 0; i < queries.size(); i++) {
        Document copy = Document.withId(queries.get(i).id()).embedding(queries.get(i).embedding());
        reopened.handle(search(List.of(copy), 7));
        assertEquals(before.get(i), matchIds(copy), "same answers after a restart");
        assertTrue(copy.matches().get(0).text().startsWith("text of d"), "kept documents are persisted too");
      }
    }
  }

  @Test
  void shardsGetTheirOwnDirectoryAndADamagedFileIsRefused() throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(shardContext("vec", 1, "workspace", tmp, "name", "vectors"));
      index.add("a", new float[] {1, 2, 3});
    }
    Path file = tmp.resolve("vectors-1").resolve("vectors.bin");
    assertTrue(Files.isRegularFile(file));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 3);
    }
    VectorIndexer again = new VectorIndexer();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> again.open(shardContext("vec", 1, "workspace", tmp, "name", "vectors")));
    assertTrue(e.getMessage().startsWith(file + " is damaged"), e.getMessage());
  }

  @Test
  void aDumpIsSplitIntoPartsThatLoadPathLoadsPerShard() throws Exception {
    Random random = new Random(11);
    List<Document> corpus = docs("d", randomVectors(random, 100, 8));
    Path dump = tmp.resolve("dump");
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", tmp.resolve("ws")));
      index.handle(request(RequestType.INDEX, corpus));
      index.dump(dump.toString(), 2);
      assertTrue(Files.isRegularFile(tmp.resolve("ws/vec/vectors.bin")), "a dump also saves the workspace");
    }
    Set<String> seen = new HashSet<>();
    for (int shard = 0; shard < 2; shard++) {
      try (VectorIndexer part = new VectorIndexer()) {
        part.open(shardContext("vec", shard, "load_path", dump));
        assertTrue(part.size() > 20 && part.size() < 80, "roughly half: " + part.size());
        part.forEachId(id -> assertTrue(seen.add(id), id + " is in one part only"));
        Document q = Document.withId("q").embedding(corpus.get(0).embedding());
        part.handle(search(List.of(q), 1));
        assertFalse(q.matches().isEmpty());
        assertEquals("text of " + q.matches().get(0).id(), q.matches().get(0).text());
      }
    }
    assertEquals(100, seen.size(), "the parts hold every vector");

    // a sharded pod's dump: each shard wrote its own parts under shard-i
    Path sharded = tmp.resolve("sharded");
    Files.createDirectories(sharded.resolve("shard-0"));
    Files.createDirectories(sharded.resolve("shard-1"));
    Files.copy(dump.resolve("vectors-0.bin"), sharded.resolve("shard-0/vectors-0.bin"));
    Files.copy(dump.resolve("vectors-1.bin"), sharded.resolve("shard-1/vectors-0.bin"));
    try (VectorIndexer all = new VectorIndexer()) {
      all.open(context("vec", "load_path", sharded));
      assertEquals(100, all.size());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VectorIndexer().open(shardContext("vec", 5, "load_path", dump)));
    assertTrue(e.getMessage().contains("holds no vectors-5.bin"), e.getMessage());
  }

  @Test
  void chunksAreIndexedAndSearchedWithTraversalPaths() throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "traversal_paths", List.of("c")));
      Document doc = Document.withId("doc").addChunks(
          Document.withId("c1").parentId("doc").embedding(NdArray.of(new float[] {1, 0})),
          Document.withId("c2").parentId("doc").embedding(NdArray.of(new float[] {0, 1})));
      index.handle(request(RequestType.INDEX, List.of(doc)));
      assertEquals(2, index.size());
      Document chunk = Document.withId("qc").embedding(NdArray.of(new float[] {0, 1}));
      Document q = Document.withId("q").addChunks(chunk);
      index.handle(search(List.of(q), 1));
      assertEquals(List.of("c2"), matchIds(chunk));
      assertEquals("doc", chunk.matches().get(0).parentId());
    }
  }
}

package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.docs;
import static dev.jflow.executors.Fixtures.matchIds;
import static dev.jflow.executors.Fixtures.randomVectors;
import static dev.jflow.executors.Fixtures.request;
import static dev.jflow.executors.Fixtures.search;
import static dev.jflow.executors.Fixtures.shardContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompoundIndexerTest {
  @TempDir
  Path tmp;

  private static List<String> answers(CompoundIndexer index, List<Document> queries) {
    List<String> out = new ArrayList<>();
    for (Document q : queries) {
      Document copy = Document.withId(q.id()).embedding(q.embedding());
      index.handle(search(List.of(copy), 3));
      out.add(matchIds(copy).toString());
    }
    return out;
  }

  @Test
  void searchReturnsTheFullStoredDocuments() throws Exception {
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx"));
      index.handle(request(RequestType.INDEX, List.of(
          Document.withId("a").text("apple").tag("color", "red").uri("mem://a").embedding(NdArray.of(new float[] {1, 0})),
          Document.withId("b").text("banana").tag("color", "yellow").embedding(NdArray.of(new float[] {0, 1})))));
      Document q = Document.withId("q").text("query").embedding(NdArray.of(new float[] {0.9f, 0.1f}));
      index.handle(search(List.of(q), 2));
      assertEquals(List.of("a", "b"), matchIds(q));
      Document top = q.matches().get(0);
      assertEquals("apple", top.text());
      assertEquals("red", top.tags().get("color"));
      assertEquals("mem://a", top.uri());
      assertEquals(NdArray.of(new float[] {1, 0}), top.embedding(), "the stored embedding comes back");
      assertEquals("cosine", top.score().opName());
      assertEquals("q", top.score().refId());
      assertEquals("query", q.text(), "a query with content is left alone");

      index.handle(Fixtures.delete("a"));
      Document again = Document.withId("q2").embedding(NdArray.of(new float[] {1, 0}));
      index.handle(search(List.of(again), 2));
      assertEquals(List.of("b"), matchIds(again));
      assertEquals("banana", again.matches().get(0).text());
    }
  }

  @Test
  void restartsGiveTheSameAnswersAndACrashLosesNoCommittedWrite() throws Exception {
    Random random = new Random(5);
    List<Document> corpus = docs("d", randomVectors(random, 200, 12));
    List<Document> queries = docs("q", randomVectors(random, 4, 12));
    List<String> before;
    Path live = tmp.resolve("live");
    Path crashed = tmp.resolve("crashed");
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", live));
      index.handle(request(RequestType.INDEX, corpus));
      before = answers(index, queries);
      // a crash: the files as they are now, with vectors.bin never written
      Files.createDirectories(crashed.resolve("idx"));
      Files.copy(live.resolve("idx/documents.mv.db"), crashed.resolve("idx/documents.mv.db"));
    }
    assertTrue(Files.isRegularFile(live.resolve("idx/vectors.bin")));
    assertFalse(Files.exists(crashed.resolve("idx/vectors.bin")));
    try (CompoundIndexer reopened = new CompoundIndexer()) {
      reopened.open(context("idx", "workspace", live));
      assertEquals(before, answers(reopened, queries), "same answers after a clean restart");
    }
    try (CompoundIndexer recovered = new CompoundIndexer()) {
      recovered.open(context("idx", "workspace", crashed));
      assertEquals(200, recovered.size(), "the vectors are rebuilt from the stored documents");
      assertEquals(before, answers(recovered, queries), "same answers after a crash");
    }
    assertTrue(Files.isRegularFile(crashed.resolve("idx/vectors.bin")), "the rebuilt vectors are saved on close");
  }

  @Test
  void aDumpOfBothIndexesLoadsIntoShards() throws Exception {
    Random random = new Random(9);
    List<Document> corpus = docs("d", randomVectors(random, 60, 6));
    Path dump = tmp.resolve("dump");
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", tmp.resolve("ws")));
      index.handle(request(RequestType.INDEX, corpus));
      index.dump(dump.toString(), 2);
    }
    int total = 0;
    for (int shard = 0; shard < 2; shard++) {
      try (CompoundIndexer part = new CompoundIndexer()) {
        part.open(shardContext("idx", shard, "load_path", dump, "workspace", tmp.resolve("query")));
        total += part.size();
        Document q = Document.withId("q").embedding(corpus.get(shard).embedding());
        part.handle(search(List.of(q), 1));
        Document m = q.matches().get(0);
        assertNotNull(m.text(), "the part holds the documents of its vectors");
        assertEquals("text of " + m.id(), m.text());
      }
    }
    assertEquals(60, total);
  }

  private static Document doc(String id, float... v) {
    return Document.withId(id).text("text of " + id).embedding(NdArray.of(v));
  }

  @Test
  void aRequestWithVectorsOfTwoDimensionsChangesNeitherStore() throws Exception {
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", tmp));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> index.handle(request(RequestType.INDEX, List.of(doc("d1", 1, 2, 3, 4), doc("d2", 1, 2, 3)))));
      assertTrue(e.getMessage().contains("'d2' has 3 dimensions, document 'd1' of the same request has 4"), e.getMessage());
      assertEquals(0, index.size(), "d1's vector was not stored");
      index.handle(request(RequestType.INDEX, List.of(doc("a", 1, 0))));
      assertThrows(IllegalArgumentException.class,
          () -> index.handle(request(RequestType.INDEX, List.of(doc("b", 0, 1), doc("c", 1, 1, 1)))));
      assertEquals(1, index.size(), "b's vector was not stored either");
      assertNull(index.get("b"));
    }
    try (CompoundIndexer reopened = new CompoundIndexer()) {
      reopened.open(context("idx", "workspace", tmp));
      assertEquals(1, reopened.size());
      assertNull(reopened.get("d1"));
    }
  }

  @Test
  void aProcessStoppedBetweenTheVectorsAndTheDocumentsIsRepairedOnOpen() throws Exception {
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", tmp));
      index.handle(request(RequestType.INDEX, List.of(doc("a", 1, 0), doc("b", 0, 1))));
    }
    // as a kill between the two stores leaves them: vectors written without their documents, and (from
    // an earlier such kill, repaired by hand) a document whose vector is missing
    try (VectorIndexer vectors = new VectorIndexer()) {
      vectors.open(context("idx", "workspace", tmp, "keep_documents", false));
      vectors.add("orphan", new float[] {1, 1});
      vectors.remove("b");
    }
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", tmp));
      assertEquals(2, index.size(), "the orphan vector is dropped and b's vector is back");
      Document q = Document.withId("q").embedding(NdArray.of(new float[] {0, 1}));
      index.handle(search(List.of(q), 3));
      assertEquals(List.of("b", "a"), matchIds(q));
      assertEquals("text of b", q.matches().get(0).text());
    }
    try (VectorIndexer vectors = new VectorIndexer()) {
      vectors.open(context("idx", "workspace", tmp, "keep_documents", false));
      assertEquals(2, vectors.size(), "the repair was saved");
    }
  }

  @Test
  void aRestartWithTheSameLoadPathKeepsTheWritesMadeSinceTheLoad() throws Exception {
    Path dump = tmp.resolve("dump");
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", tmp.resolve("old")));
      index.handle(request(RequestType.INDEX, List.of(doc("a", 1, 0), doc("b", 0, 1))));
      index.dump(dump.toString(), 1);
    }
    Path ws = tmp.resolve("new");
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", ws, "load_path", dump));
      assertEquals(2, index.size());
      index.handle(request(RequestType.INDEX, List.of(doc("c", 1, 1))));
      index.handle(Fixtures.delete("a"));
    }
    try (CompoundIndexer restarted = new CompoundIndexer()) {
      restarted.open(context("idx", "workspace", ws, "load_path", dump)); // the pod's arguments, unchanged
      assertEquals(2, restarted.size(), "b and c: the dump was not loaded over the writes made since");
      assertNotNull(restarted.get("c"));
      assertNull(restarted.get("a"));
    }
    try (CompoundIndexer index = new CompoundIndexer()) {
      index.open(context("idx", "workspace", tmp.resolve("old")));
      index.handle(request(RequestType.INDEX, List.of(doc("d", 1, 2))));
      index.dump(dump.toString(), 1); // another dump: loaded again
    }
    try (CompoundIndexer reloaded = new CompoundIndexer()) {
      reloaded.open(context("idx", "workspace", ws, "load_path", dump));
      assertEquals(3, reloaded.size(), "a, b and d: the new dump replaced the workspace");
      assertNotNull(reloaded.get("a"));
      assertNull(reloaded.get("c"));
    }
  }
}

package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.spi.Executor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two replicas of a persisted index in a Flow share one store: no lock failure, a write through one is
 * read through the other, a rolling update with a load_path swaps the contents under searches that
 * all succeed, and the last replica to close saves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicatedIndexesTest {
  private static final float[][] VECTORS = Fixtures.randomVectors(new Random(17), 20, 6);

  @TempDir
  Path tmp;

  private static Supplier<Executor> factory(String kind) {
    switch (kind) {
      case "vectors":
        return VectorIndexer::new;
      case "documents":
        return KeyValueIndexer::new;
      default:
        return CompoundIndexer::new;
    }
  }

  private Flow flow(String kind) {
    return Flow.builder().workspace(tmp).allowReloadPaths(true)
        .add(PodSpec.builder("idx").uses(factory(kind)).replicas(2).with("workspace", tmp.resolve("ws").toString()).build())
        .build().start();
  }

  /** Documents {@code prefix0..prefix9}, each with its own vector and a text naming it. */
  private static List<Document> docs(String prefix, int offset) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      docs.add(Document.withId(prefix + i).text("text of " + prefix + i)
          .embedding(dev.jflow.api.NdArray.of(VECTORS[offset + i])));
    }
    return docs;
  }

  /** What a search for {@code doc} finds: the best match's text (vectors) or the filled text (documents); null for nothing. */
  private static String found(Flow f, String kind, Document doc) {
    Document q = kind.equals("documents") ? Document.withId(doc.id()) : Document.withId("q").embedding(doc.embedding());
    List<Response> rs = f.search(List.of(q), 1);
    assertFalse(rs.get(0).isError(), () -> rs.get(0).toString());
    Document answer = rs.get(0).docs().get(0);
    if (kind.equals("documents")) {
      return answer.text() == null || answer.text().isEmpty() ? null : answer.text();
    }
    return answer.matches().isEmpty() ? null : answer.matches().get(0).text();
  }

  private static List<Long> served(Flow f) {
    FlowStatus.PodStatus pod = f.status().pod("idx");
    return pod.replicas().stream().map(FlowStatus.ReplicaStatus::served).collect(Collectors.toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"vectors", "documents", "compound"})
  void replicasShareOneStoreAndTheLastToCloseSavesIt(String kind) throws Exception {
    List<Document> docs = docs("d", 0);
    try (Flow f = flow(kind)) { // the second replica opening beside the first no longer fails on a file lock
      assertEquals(2, f.status().pod("idx").replicas().size());
      assertFalse(f.index(docs).get(0).isError());
      List<Long> afterIndex = served(f);
      assertEquals(1, afterIndex.stream().mapToLong(Long::longValue).sum(), "one replica took the index request");
      for (int i = 0; i < 20; i++) {
        Document d = docs.get(i % docs.size());
        assertEquals("text of " + d.id(), found(f, kind, d), "search " + i);
      }
      List<Long> afterSearch = served(f);
      for (int r = 0; r < 2; r++) {
        assertTrue(afterSearch.get(r) - afterIndex.get(r) >= 5, "both replicas served searches: " + afterSearch);
      }
    }
    String file = kind.equals("documents") ? KeyValueIndexer.FILE : VectorFile.NAME;
    assertTrue(Files.isRegularFile(tmp.resolve("ws/idx").resolve(file)), "the last replica saved " + file);
    if (!kind.equals("documents")) {
      try (VectorIndexer reopened = new VectorIndexer()) {
        reopened.open(Fixtures.context("idx", "workspace", tmp.resolve("ws"), "keep_documents", !kind.equals("compound")));
        assertEquals(10, reopened.size());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vectors", "documents", "compound"})
  void aRollingUpdateWithALoadPathSwapsTheContentsUnderSearchesThatAllSucceed(String kind) throws Exception {
    List<Document> dumped = docs("a", 0);
    List<Document> live = docs("b", 10);
    Path dump = tmp.resolve("dumps/v1");
    try (Flow f = flow(kind)) {
      f.index(dumped);
      f.dump("idx", dump.toString(), 1);
      f.delete(dumped.stream().map(Document::id).collect(Collectors.toList()));
      f.index(live);
      assertEquals("text of b3", found(f, kind, live.get(3)));
      String gone = found(f, kind, dumped.get(2));
      assertTrue(kind.equals("documents") ? gone == null : gone.startsWith("text of b"), "a2 is gone before: " + gone);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger searches = new AtomicInteger();
      CompletableFuture<Void> searching = new CompletableFuture<>();
      CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
        while (!stop.get()) {
          String hit = found(f, kind, live.get(searches.get() % 10)); // an error response fails the client
          assertTrue(hit == null || hit.startsWith("text of "), hit);
          searches.incrementAndGet();
          searching.complete(null);
        }
      });
      searching.get(30, TimeUnit.SECONDS);
      int before = searches.get();
      f.rollingUpdate("idx", Map.of("load_path", dump.toString())); // the client keeps searching meanwhile
      int during = searches.get() - before;
      stop.set(true);
      client.get(30, TimeUnit.SECONDS); // every search succeeded, before, during and after the update
      assertTrue(during >= 0);

      for (int i = 0; i < 10; i++) { // alternating over both new replicas
        assertEquals("text of a" + i, found(f, kind, dumped.get(i)), "the dump's contents");
        if (kind.equals("documents")) {
          assertEquals(null, found(f, kind, live.get(i)), "b" + i + " is not in the dump");
        }
      }
      assertEquals(2, f.status().pod("idx").replicas().size());
    }
    if (!kind.equals("documents")) {
      try (VectorIndexer reopened = new VectorIndexer()) {
        reopened.open(Fixtures.context("idx", "workspace", tmp.resolve("ws"), "keep_documents", !kind.equals("compound")));
        List<String> ids = new ArrayList<>();
        reopened.forEachId(ids::add);
        assertEquals(10, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.startsWith("a")), ids.toString());
      }
    }
  }
}

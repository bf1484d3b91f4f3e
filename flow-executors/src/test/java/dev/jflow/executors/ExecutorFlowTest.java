package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard executors in a Flow: TextEncoder, then a CompoundIndexer in two shards. */
class ExecutorFlowTest {
  @TempDir
  Path tmp;

  private Flow flow(Path workspace) {
    return flow(workspace, false);
  }

  /** The Flow's own workspace is {@code tmp}; {@code reloadPaths} lets a RELOAD set load_path under it. */
  private Flow flow(Path workspace, boolean reloadPaths) {
    PodSpec.Builder indexer = PodSpec.builder("idx").uses(CompoundIndexer::new).shards(2)
        .polling(RequestType.SEARCH, Polling.ALL).polling(RequestType.DELETE, Polling.ALL)
        .usesAfter("_merge_matches_topk");
    PodSpec.Builder encoder = PodSpec.builder("enc").uses(TextEncoder::new);
    if (workspace != null) {
      indexer.with("workspace", workspace.toString());
      encoder.with("workspace", workspace.toString());
    }
    return Flow.builder().workspace(tmp).allowReloadPaths(reloadPaths).add(encoder.build()).add(indexer.build()).build().start();
  }

  private static List<Document> corpus() {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < TextEncoderTest.CORPUS.size(); i++) {
      docs.add(Document.withId("s" + i).text(TextEncoderTest.CORPUS.get(i)).tag("line", i));
    }
    return docs;
  }

  private static Document searchOne(Flow f, String text, int topK) {
    List<Response> rs = f.search(List.of(Document.ofText(text)), topK);
    assertFalse(rs.get(0).isError(), () -> rs.get(0).toString());
    return rs.get(0).docs().get(0);
  }

  @Test
  void encodeIndexInShardsAndSearchForFullDocuments() {
    try (Flow f = flow(null)) {
      List<Response> indexed = f.index(Inputs.of(corpus()), CallOptions.builder().requestSize(1).build());
      assertTrue(indexed.stream().noneMatch(Response::isError));
      Document q = searchOne(f, "investors selling stocks", 3);
      assertEquals(3, q.matches().size(), "top_k over both shards");
      Document best = q.matches().get(0);
      assertEquals("s2", best.id());
      assertEquals(TextEncoderTest.CORPUS.get(2), best.text(), "the full stored document");
      assertEquals(2.0, best.tags().get("line"));
      assertNotNull(best.embedding());
      assertTrue(best.score().value() >= q.matches().get(1).score().value(), "best first across shards");

      f.delete(List.of("s2"));
      assertFalse(searchOne(f, "investors selling stocks", 6).matches().stream().anyMatch(m -> m.id().equals("s2")));
    }
  }

  @Test
  void aRestartedFlowGivesTheSameAnswers() {
    List<String> before = new ArrayList<>();
    try (Flow f = flow(tmp)) {
      f.index(Inputs.of(corpus()), CallOptions.builder().requestSize(2).build());
      searchOne(f, "a fox and a dog", 4).matches().forEach(m -> before.add(m.id() + " " + m.text()));
    }
    for (String file : List.of("enc/text-encoder.bin", "idx/documents.mv.db", "idx/vectors.bin", "idx-1/documents.mv.db")) {
      assertTrue(Files.isRegularFile(tmp.resolve(file)), file);
    }
    try (Flow f = flow(tmp)) {
      List<String> after = new ArrayList<>();
      searchOne(f, "a fox and a dog", 4).matches().forEach(m -> after.add(m.id() + " " + m.text()));
      assertEquals(before, after);
      assertEquals(4, after.size());
    }
  }

  @Test
  void aDumpOfAShardedPodRollsIntoAnotherFlow() {
    Path dump = tmp.resolve("dump");
    List<String> before = new ArrayList<>();
    try (Flow f = flow(null)) {
      f.index(Inputs.of(corpus()), CallOptions.builder().requestSize(1).build());
      searchOne(f, "central bank interest", 6).matches().forEach(m -> before.add(m.id() + " " + m.text()));
      f.dump("idx", dump.toString(), 2); // each of the 2 shards writes 2 parts under dump/shard-i
    }
    try (Flow f = flow(null, true)) {
      f.index(Inputs.of(corpus()), CallOptions.builder().requestSize(1).build()); // the same encoder state
      f.delete(corpus().stream().map(Document::id).collect(Collectors.toList()));
      assertTrue(searchOne(f, "central bank interest", 6).matches().isEmpty());
      f.rollingUpdate("idx", Map.of("load_path", dump.toString()));
      List<String> after = new ArrayList<>();
      searchOne(f, "central bank interest", 6).matches().forEach(m -> after.add(m.id() + " " + m.text()));
      assertEquals(before, after, "shard i loads part i of every dumped shard");
    }
  }
}

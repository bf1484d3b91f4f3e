package dev.jflow.executors;

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
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A RankingEvaluator pod after a 2-shard VectorIndexer: (query, groundtruth) pairs sent through the gateway come back evaluated. */
class EvaluatorFlowTest {
  private static Document doc(String id, float... v) {
    return Document.withId(id).embedding(NdArray.of(v));
  }

  private static Map.Entry<Document, Document> pair(Document query, String... relevant) {
    Document truth = Document.withId(query.id());
    for (String id : relevant) {
      truth.addMatches(Document.withId(id));
    }
    return new SimpleEntry<>(query, truth);
  }

  @Test
  void searchedPairsCarryTheirEvaluations() {
    try (Flow flow = Flow.builder()
        .add(PodSpec.builder("indexer").uses("VectorIndexer").shards(2).polling(RequestType.SEARCH, Polling.ALL)
            .usesAfter("_merge_matches_topk").build())
        .add(PodSpec.builder("evaluate").uses("RankingEvaluator").with("metrics", List.of("recall@1", "recall@2", "mrr")).build())
        .build().start()) {
      List<Response> indexed = flow.index(List.of(doc("east", 1, 0), doc("north", 0, 1), doc("northeast", 1, 1), doc("west", -1, 0)));
      assertTrue(indexed.stream().noneMatch(Response::isError), indexed::toString);
      // nearest to (1, 0.1) by cosine: east, northeast, north, west; to (0.1, 1): north, northeast, east, west
      List<Response> searched = flow.search(Inputs.pairs(List.of(
          pair(doc("q-east", 1, 0.1f), "east"),
          pair(doc("q-north", 0.1f, 1), "northeast"),
          pair(doc("q-west", 1, 0.1f), "west"))), CallOptions.builder().topK(3).build());
      assertEquals(1, searched.size());
      assertFalse(searched.get(0).isError(), () -> searched.get(0).toString());
      List<Document> docs = searched.get(0).docs();
      assertEquals(List.of("east", "northeast", "north"), Fixtures.matchIds(docs.get(0)), "evaluated after the shards' merge");
      assertEquals(List.of(1f, 1f, 1f), values(docs.get(0)));
      assertEquals(List.of(0f, 1f, 0.5f), values(docs.get(1)), "the relevant match came second");
      assertEquals(List.of(0f, 0f, 0f), values(docs.get(2)), "west is not among the 3 matches");
      assertEquals("q-north", docs.get(1).evaluations().get(2).refId());
      assertEquals(OptionalDouble.of(0.5), Evaluations.mean(docs, "mrr"));

      List<Response> plain = flow.search(List.of(doc("q", 1, 0)), 2);
      assertEquals(List.of(), plain.get(0).docs().get(0).evaluations(), "a search without groundtruths is not evaluated");
    }
  }

  private static List<Float> values(Document d) {
    return d.evaluations().stream().map(e -> e.value()).toList();
  }
}

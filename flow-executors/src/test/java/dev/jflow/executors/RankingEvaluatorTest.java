package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** RankingEvaluator on hand-computed cases: every value below was worked out on paper. */
class RankingEvaluatorTest {
  /** A query whose matches are {@code ids}, in that order. */
  private static Document query(String id, String... ids) {
    Document q = Document.withId(id);
    for (String m : ids) {
      q.addMatches(Document.withId(m));
    }
    return q;
  }

  /** A groundtruth naming {@code relevant} as its matches. */
  private static Document truth(String... relevant) {
    return query("gt", relevant);
  }

  private static Request search(List<Document> docs, List<Document> truths) {
    return Request.builder(RequestType.SEARCH).docs(docs).groundtruths(truths).build();
  }

  private static RankingEvaluator evaluator(String... metrics) {
    RankingEvaluator e = new RankingEvaluator();
    e.open(Fixtures.context("eval", "metrics", List.of(metrics)));
    return e;
  }

  private static List<String> names(Document d) {
    List<String> out = new ArrayList<>();
    d.evaluations().forEach(e -> out.add(e.opName()));
    return out;
  }

  private static float value(Document d, String opName) {
    return d.evaluations().stream().filter(e -> e.opName().equals(opName)).findFirst().orElseThrow().value();
  }

  @Test
  void handComputedPrecisionRecallAndReciprocalRank() {
    // matches a b c d e; relevant b d x: hits at ranks 2 and 4, x never found
    Document q = query("q", "a", "b", "c", "d", "e");
    evaluator("precision@1", "precision@2", "precision@4", "precision@10", "recall@1", "recall@2", "recall@5", "mrr",
        "hit@1", "hit@2").handle(search(List.of(q), List.of(truth("b", "d", "x"))));
    assertEquals(List.of("precision@1", "precision@2", "precision@4", "precision@10", "recall@1", "recall@2", "recall@5", "mrr",
        "hit@1", "hit@2"), names(q), "one evaluation per metric, in the order given");
    assertEquals(0f, value(q, "precision@1"));
    assertEquals(0.5f, value(q, "precision@2"));
    assertEquals(0.5f, value(q, "precision@4"));
    assertEquals(0.2f, value(q, "precision@10"), "2 relevant over K = 10, though only 5 matches came back");
    assertEquals(0f, value(q, "recall@1"));
    assertEquals((float) (1.0 / 3), value(q, "recall@2"));
    assertEquals((float) (2.0 / 3), value(q, "recall@5"));
    assertEquals(0.5f, value(q, "mrr"), "first relevant match at rank 2");
    assertEquals(0f, value(q, "hit@1"));
    assertEquals(1f, value(q, "hit@2"));
    NamedScore e = q.evaluations().get(0);
    assertEquals("q", e.refId(), "the ref id is the evaluated document's");
  }

  @Test
  void ndcgRewardsRelevantMatchesHigherUp() {
    // relevant a c among a b c: DCG = 1 + 1/log2(4) = 1.5; ideal (2 relevant) = 1 + 1/log2(3)
    Document q = query("q", "a", "b", "c");
    evaluator("ndcg@3", "ndcg@1").handle(search(List.of(q), List.of(truth("a", "c"))));
    assertEquals((float) (1.5 / (1 + 1 / (Math.log(3) / Math.log(2)))), value(q, "ndcg@3"));
    assertEquals(1f, value(q, "ndcg@1"), "the first match is relevant, and only one fits in K = 1");
  }

  @Test
  void defaultsAreTheMetricsOfTheJavadocAndEachPairIsScoredOnItsOwn() {
    Document first = query("first", "r1", "n1");
    Document second = query("second", "n2", "n3", "n4");
    Document third = query("third", "n5");
    RankingEvaluator e = new RankingEvaluator();
    e.open(Fixtures.context("eval"));
    e.handle(search(List.of(first, second, third), List.of(truth("r1"), truth("r2"), truth())));
    assertEquals(RankingEvaluator.DEFAULT_METRICS, names(first));
    assertEquals(0.1f, value(first, "precision@10"));
    assertEquals(1f, value(first, "recall@10"));
    assertEquals(1f, value(first, "mrr"));
    assertEquals(0f, value(second, "mrr"), "no relevant match: 0");
    assertEquals(0f, value(second, "recall@10"));
    assertEquals(List.of(), third.evaluations(), "a groundtruth without matches names nothing relevant: not evaluated");
    assertEquals(OptionalDouble.of(0.5), Evaluations.mean(List.of(first, second, third), "mrr"), "the mean skips the unevaluated");
    assertEquals(OptionalDouble.empty(), Evaluations.mean(List.of(third), "mrr"));
  }

  @Test
  void aRepeatedMatchCountsOnce() {
    Document q = query("q", "r", "r", "r");
    evaluator("precision@3", "recall@3").handle(search(List.of(q), List.of(truth("r", "s"))));
    assertEquals((float) (1.0 / 3), value(q, "precision@3"));
    assertEquals(0.5f, value(q, "recall@3"));
  }

  @Test
  void aRepeatedMatchTakesOneOfTheKPositionsSoOnlyTheFirstKMatchesCount() {
    // matches a a b; relevant a b: the first 2 positions hold a twice, b is third
    Document q = query("q", "a", "a", "b");
    evaluator("precision@2", "recall@2", "precision@3", "recall@3", "ndcg@2", "ndcg@3", "hit@2")
        .handle(search(List.of(q), List.of(truth("a", "b"))));
    assertEquals(0.5f, value(q, "precision@2"), "b is the third match: not among the first 2");
    assertEquals(0.5f, value(q, "recall@2"));
    assertEquals((float) (2.0 / 3), value(q, "precision@3"));
    assertEquals(1f, value(q, "recall@3"));
    // ndcg@2: DCG = 1 (a at position 1; the repeat scores nothing); ideal = 1 + 1/log2(3)
    double ideal = 1 + 1 / (Math.log(3) / Math.log(2));
    assertEquals((float) (1 / ideal), value(q, "ndcg@2"));
    // ndcg@3: DCG = 1 + 1/log2(4) = 1.5 (b keeps its position 3); same ideal
    assertEquals((float) (1.5 / ideal), value(q, "ndcg@3"));
    assertEquals(1f, value(q, "hit@2"));
  }

  @Test
  void mrrRanksTheFirstRelevantMatchByItsPositionInTheList() {
    // matches a a b; relevant b: b is the third match, whatever repeats come before it
    Document q = query("q", "a", "a", "b");
    evaluator("mrr", "hit@2").handle(search(List.of(q), List.of(truth("b"))));
    assertEquals((float) (1.0 / 3), value(q, "mrr"));
    assertEquals(0f, value(q, "hit@2"), "b is not among the first 2 matches");
  }

  @Test
  void opNamesAreTheCanonicalLowerCaseNamesSoMeanFindsThemAsDocumented() {
    Document q = query("q", "a", "b");
    evaluator(" Recall@05 ", "MRR", "Precision@1").handle(search(List.of(q), List.of(truth("b"))));
    assertEquals(List.of("recall@5", "mrr", "precision@1"), names(q));
    assertEquals(OptionalDouble.of(1.0), Evaluations.mean(List.of(q), "recall@5"));
    assertEquals(OptionalDouble.of(0.5), Evaluations.mean(List.of(q), "mrr"));
    assertEquals(OptionalDouble.of(0.0), Evaluations.mean(List.of(q), "precision@1"));
  }

  @Test
  void otherRequestsAndSearchesWithoutGroundtruthsPassUntouched() {
    RankingEvaluator e = evaluator("mrr");
    Document plain = query("q", "a");
    e.handle(Request.of(RequestType.SEARCH, List.of(plain)));
    Document indexed = query("d", "a");
    e.handle(Request.builder(RequestType.INDEX).docs(List.of(indexed)).groundtruths(List.of(truth("a"))).build());
    assertEquals(List.of(), plain.evaluations());
    assertEquals(List.of(), indexed.evaluations());
  }

  @Test
  void aSearchWhoseGroundtruthsDoNotPairWithItsDocumentsFailsNamingBothCounts() {
    Request r = search(List.of(query("a"), query("b"), query("c")), List.of(truth("x"), truth("y")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator("mrr").handle(r));
    assertTrue(e.getMessage().contains("has 3 documents but 2 groundtruths"), e.getMessage());
    assertTrue(r.docs().stream().allMatch(d -> d.evaluations().isEmpty()), "nothing evaluated");
  }

  @Test
  void badMetricNamesFailOpenNamingTheNameAndTheAllowedForms() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> evaluator("recall", "mrr"));
    assertEquals("RankingEvaluator: metric 'recall' is not one of precision@K, recall@K, hit@K, ndcg@K (K a whole number >= 1) or mrr",
        unknown.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> evaluator("precision@0"));
    assertEquals("RankingEvaluator: metric 'precision@0' needs K >= 1, got 0", zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> evaluator("recall@-2"));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> evaluator());
    assertTrue(none.getMessage().contains("'metrics' must be a non-empty list"), none.getMessage());
    RankingEvaluator upper = evaluator(" Recall@3 ");
    Document q = query("q", "a");
    upper.handle(search(List.of(q), List.of(truth("a"))));
    assertEquals(List.of("recall@3"), names(q), "names are read case-insensitively and written in lower case");
  }
}

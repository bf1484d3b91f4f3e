package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.matchIds;
import static dev.jflow.executors.Fixtures.request;
import static dev.jflow.executors.Fixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.RequestType;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankersTest {

  private static Document chunkMatch(String id, String parent, float score) {
    return Document.withId(id).parentId(parent).score(NamedScore.of(score, "cosine"));
  }

  /** A query with two chunks whose matches belong to parents p1 (0.9, 0.1), p2 (0.6, 0.5) and p3 (0.7). */
  private static Document query() {
    return Document.withId("q").addChunks(
        Document.withId("qc1").addMatches(chunkMatch("p1-a", "p1", 0.9f), chunkMatch("p2-a", "p2", 0.6f),
            Document.withId("orphan").score(NamedScore.of(1f))),
        Document.withId("qc2").addMatches(chunkMatch("p1-b", "p1", 0.1f), chunkMatch("p2-b", "p2", 0.5f),
            chunkMatch("p3-a", "p3", 0.7f)));
  }

  private static Document rank(String aggregation, boolean descending, int topK) throws Exception {
    Chunk2DocRanker ranker = new Chunk2DocRanker();
    ranker.open(context("rank", "aggregation", aggregation, "descending", descending));
    Document q = query();
    ranker.handle(search(List.of(q), topK));
    return q;
  }

  @Test
  void chunkScoresAreAggregatedPerParent() throws Exception {
    Document max = rank("max", true, 10);
    assertEquals(List.of("p1", "p3", "p2"), matchIds(max));
    assertEquals(0.9f, max.matches().get(0).score().value());
    assertEquals("chunk2doc_max", max.matches().get(0).score().opName());
    assertEquals("q", max.matches().get(0).score().refId());
    assertEquals(1, max.matches().get(0).adjacency());

    Document sum = rank("sum", true, 10);
    assertEquals(List.of("p2", "p1", "p3"), matchIds(sum));
    assertEquals(1.1f, sum.matches().get(0).score().value(), 1e-6);

    Document mean = rank("mean", true, 2);
    assertEquals(List.of("p3", "p2"), matchIds(mean), "mean: p3 0.7, p2 0.55, p1 0.5; top_k 2");

    Document min = rank("min", false, 1);
    assertEquals(List.of("p1"), matchIds(min), "min, ascending: distances");
  }

  @Test
  void queriesWithoutChunkMatchesAreLeftAlone() throws Exception {
    Chunk2DocRanker ranker = new Chunk2DocRanker();
    ranker.open(context("rank"));
    Document q = Document.withId("q").addMatches(Document.withId("kept"));
    ranker.handle(search(List.of(q), 3));
    assertEquals(List.of("kept"), matchIds(q));
    assertThrows(IllegalArgumentException.class, () -> ranker.open(context("rank", "aggregation", "median")));
  }

  private static Document withMatches() {
    return Document.withId("q").addMatches(
        Document.withId("cheap").tag("price", 3).score(NamedScore.of(0.2f)),
        Document.withId("untagged").score(NamedScore.of(0.9f)),
        Document.withId("dear").tag("price", 30).score(NamedScore.of(0.5f)),
        Document.withId("mid").tag("price", 12).score(NamedScore.of(0.7f)));
  }

  @Test
  void matchesAreReRankedByATagOrTheScore() throws Exception {
    Match2DocRanker byPrice = new Match2DocRanker();
    byPrice.open(context("rank", "sort_by", "price", "descending", false));
    Document q = withMatches();
    byPrice.handle(request(RequestType.SEARCH, List.of(q)));
    assertEquals(List.of("cheap", "mid", "dear", "untagged"), matchIds(q), "ascending price, untagged last");

    Match2DocRanker byPriceDesc = new Match2DocRanker();
    byPriceDesc.open(context("rank", "sort_by", "tags.price"));
    Document top2 = withMatches();
    byPriceDesc.handle(search(List.of(top2), 2));
    assertEquals(List.of("dear", "mid"), matchIds(top2));

    Match2DocRanker byScore = new Match2DocRanker();
    byScore.open(context("rank"));
    Document s = withMatches();
    byScore.handle(request(RequestType.SEARCH, List.of(s)));
    assertEquals(List.of("untagged", "mid", "dear", "cheap"), matchIds(s));
  }
}

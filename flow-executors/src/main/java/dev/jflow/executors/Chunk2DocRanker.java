package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks whole documents from chunk matches. When a query's chunks have matches (chunks of stored
 * documents, each naming its document in {@code parent_id}, e.g. found by an indexer with
 * {@code traversal_paths: [c]}), the scores of the matches of each parent are aggregated and the
 * query's matches become the parents, best first, at most {@code top_k} (the request's, else
 * {@code default_top_k}). Each carries the parent's id, adjacency one more than the query's and a score
 * with op name {@code chunk2doc_<aggregation>} and ref id the query's id; fill them with a
 * {@link KeyValueIndexer}. Matches without a parent id are ignored; queries whose chunks have no
 * matches are left as they are. To merge matches from shards use the built-in reducers
 * ({@code _merge_matches_topk}), which need no executor here.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code aggregation}: {@code max} (default), {@code min}, {@code mean} or {@code sum} of a
 *       parent's chunk match scores.
 *   <li>{@code descending}: true (default) ranks higher aggregates first (similarities); false ranks
 *       lower ones first (distances, usually with {@code aggregation: min}).
 *   <li>{@code default_top_k}: parents per query when the request sets no {@code top_k}; default 10.
 * </ul>
 */
public final class Chunk2DocRanker implements Executor {
  private String aggregation = "max";
  private boolean descending = true;
  private int defaultTopK = 10;

  /** A ranker taking the best (max) chunk score per document, configured by {@link #open}. */
  public Chunk2DocRanker() {}

  @Override
  public void open(ExecutorContext context) {
    Args args = new Args("Chunk2DocRanker", context.with());
    aggregation = args.choice("aggregation", "max", List.of("max", "min", "mean", "sum"));
    descending = args.bool("descending", true);
    defaultTopK = args.integer("default_top_k", 10, 0);
  }

  @Override
  public void handle(Request request) {
    int k = request.topK(defaultTopK);
    request.docs().forEach(q -> rank(q, k));
  }

  private void rank(Document query, int k) {
    Map<String, double[]> byParent = new LinkedHashMap<>(); // parent id -> {aggregate, count}
    for (Document chunk : query.chunks()) {
      for (Document m : chunk.matches()) {
        if (m.parentId().isEmpty() || m.score() == null) {
          continue;
        }
        double s = m.score().value();
        double[] a = byParent.get(m.parentId());
        if (a == null) {
          byParent.put(m.parentId(), new double[] {s, 1});
          continue;
        }
        switch (aggregation) {
          case "max": a[0] = Math.max(a[0], s); break;
          case "min": a[0] = Math.min(a[0], s); break;
          default: a[0] += s; break; // sum, and mean divides below
        }
        a[1]++;
      }
    }
    if (byParent.isEmpty()) {
      return;
    }
    List<Document> ranked = new ArrayList<>(byParent.size());
    String op = "chunk2doc_" + aggregation;
    for (Map.Entry<String, double[]> e : byParent.entrySet()) {
      double v = aggregation.equals("mean") ? e.getValue()[0] / e.getValue()[1] : e.getValue()[0];
      ranked.add(Document.withId(e.getKey()).adjacency(query.adjacency() + 1)
          .score(new NamedScore((float) v, op, "", List.of(), query.id())));
    }
    Comparator<Document> byScore = Comparator.comparingDouble(d -> d.score().value());
    ranked.sort(descending ? byScore.reversed() : byScore); // stable: ties keep first-seen order
    query.matches().clear();
    query.matches().addAll(ranked.subList(0, Math.min(Math.max(k, 0), ranked.size())));
  }

  /** Holds nothing to release. */
  @Override
  public void close() {}
}

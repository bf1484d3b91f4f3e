package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores search results against groundtruths, as Jina 1.x's evaluators did. On a SEARCH request that
 * carries groundtruths (paired by position with its documents: send {@code Inputs.pairs} or
 * {@code Input(document, groundtruth)}), it appends to each document's {@link Document#evaluations()}
 * one {@link NamedScore} per metric: the value, the metric's canonical name as op name (lower case,
 * K a plain number: {@code Recall@05} is written {@code recall@5}, the name to pass to
 * {@link Evaluations#mean}), and the document's id as ref id. The relevant documents are the ids of the groundtruth's
 * <em>matches</em> (Jina's convention); a document whose groundtruth has no matches gets no
 * evaluations. Other request types, and SEARCH requests without groundtruths, pass untouched. Put it
 * after the indexer (and its shards' reducer), so that it sees the final matches.
 *
 * <p>Metrics, over the query's matches in their order. Only the first K matches count, and among them
 * an id counts once (a repeated match takes a position but scores nothing: with matches
 * {@code [a, a, b]}, {@code precision@2} sees only {@code a}):
 * <ul>
 *   <li>{@code precision@K}: distinct relevant ids among the first K matches, divided by K (not by the number
 *       of matches returned, as Jina 1.x did: a short list earns no more).
 *   <li>{@code recall@K}: distinct relevant ids among the first K matches, divided by the number of relevant ids.
 *   <li>{@code mrr}: the reciprocal rank of the first relevant match, its position in the list of
 *       matches (1 for the first, 1/2 for the second, ...), 0 when none is relevant; averaged over documents it is the mean reciprocal rank.
 *   <li>{@code hit@K}: 1 when a relevant id is among the first K matches, else 0.
 *   <li>{@code ndcg@K}: binary-relevance normalized discounted cumulative gain of the first K matches.
 * </ul>
 * {@link Evaluations#mean} averages one metric over a response's documents.
 *
 * <p>Arguments ({@code with}): {@code metrics}, a list of metric names, default
 * {@code [precision@10, recall@10, mrr]}; a bad name or K below 1 fails {@code open} naming it.
 * A SEARCH request whose number of groundtruths is not its number of documents fails with an
 * {@link IllegalArgumentException} naming both counts. Stateless.
 */
public final class RankingEvaluator implements Executor {
  /** The metrics evaluated when {@code metrics} is not given. */
  public static final List<String> DEFAULT_METRICS = List.of("precision@10", "recall@10", "mrr");
  private static final String NAME = "RankingEvaluator";

  private List<RankingMetric> metrics = parse(DEFAULT_METRICS);

  /** An evaluator of the default metrics, configured further by {@link #open}. */
  public RankingEvaluator() {}

  @Override
  public void open(ExecutorContext context) {
    Args args = new Args(NAME, context.with());
    List<String> names = args.strings("metrics", DEFAULT_METRICS);
    if (names.isEmpty()) {
      throw args.bad("metrics", "a non-empty list of " + RankingMetric.FORMS, names);
    }
    metrics = parse(names);
  }

  private static List<RankingMetric> parse(List<String> names) {
    List<RankingMetric> out = new ArrayList<>();
    names.forEach(n -> out.add(RankingMetric.parse(NAME, n)));
    return out;
  }

  @Override
  public void handle(Request request) {
    if (request.type() != RequestType.SEARCH || request.groundtruths().isEmpty()) {
      return;
    }
    List<Document> docs = request.docs();
    List<Document> truths = request.groundtruths();
    if (docs.size() != truths.size()) {
      throw new IllegalArgumentException(NAME + ": the SEARCH request " + request.id() + " has " + docs.size()
          + " documents but " + truths.size() + " groundtruths; send one groundtruth per document, paired by position");
    }
    for (int i = 0; i < docs.size(); i++) {
      Set<String> relevant = new LinkedHashSet<>();
      truths.get(i).matches().forEach(m -> relevant.add(m.id()));
      if (relevant.isEmpty()) {
        continue;
      }
      Document doc = docs.get(i);
      List<String> ranked = new ArrayList<>(doc.matches().size());
      doc.matches().forEach(m -> ranked.add(m.id()));
      for (RankingMetric m : metrics) {
        doc.evaluations().add(new NamedScore((float) m.score(ranked, relevant), m.name(), "", List.of(), doc.id()));
      }
    }
  }

  /** Holds nothing to release. */
  @Override
  public void close() {}
}

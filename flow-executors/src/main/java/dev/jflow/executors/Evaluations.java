package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import java.util.OptionalDouble;

/** Summaries of the evaluations that {@link RankingEvaluator} puts on documents. */
public final class Evaluations {
  private Evaluations() {}

  /**
   * The mean of the evaluation named {@code opName} (the metric's canonical, lower-case name, e.g.
   * {@code "mrr"} or {@code "recall@5"}; matched exactly) over the documents that carry
   * it (the first one of that name on each); empty when none does. Documents without it are skipped,
   * as are those a {@link RankingEvaluator} left unevaluated for want of relevant ids.
   */
  public static OptionalDouble mean(Iterable<Document> docs, String opName) {
    double sum = 0;
    int n = 0;
    for (Document d : docs) {
      for (NamedScore e : d.evaluations()) {
        if (e.opName().equals(opName)) {
          sum += e.value();
          n++;
          break;
        }
      }
    }
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
  }
}

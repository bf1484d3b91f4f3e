package dev.jflow.executors;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ranking metric of {@link RankingEvaluator}, parsed from its name ({@code precision@10}, {@code mrr}):
 * it scores a ranked list of match ids against a set of relevant ids. Only the first K matches count
 * (positions, repeats included), and among them an id counts once, at its first position; MRR's rank
 * is the position of the first relevant match in the whole list.
 */
final class RankingMetric {
  static final String FORMS = "precision@K, recall@K, hit@K, ndcg@K (K a whole number >= 1) or mrr";
  private static final Pattern AT_K = Pattern.compile("(precision|recall|hit|ndcg)@(-?\\d{1,9})");

  private final String name;
  private final String kind;
  private final int k;

  private RankingMetric(String name, String kind, int k) {
    this.name = name;
    this.kind = kind;
    this.k = k;
  }

  /** Parses {@code name} (case-insensitive, surrounding blanks ignored); {@code owner} starts every error message. */
  static RankingMetric parse(String owner, String name) {
    String trimmed = name == null ? "" : name.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.equals("mrr")) {
      return new RankingMetric("mrr", "mrr", Integer.MAX_VALUE);
    }
    Matcher m = AT_K.matcher(lower);
    if (!m.matches()) {
      throw new IllegalArgumentException(owner + ": metric '" + name + "' is not one of " + FORMS);
    }
    int k = Integer.parseInt(m.group(2));
    if (k < 1) {
      throw new IllegalArgumentException(owner + ": metric '" + name + "' needs K >= 1, got " + k);
    }
    return new RankingMetric(m.group(1) + "@" + k, m.group(1), k);
  }

  /**
   * The canonical name, lower case with K as a plain number ({@code " Recall@05"} gives {@code recall@5}):
   * the op name of the evaluations this metric makes, the name to pass to {@link Evaluations#mean}.
   */
  String name() {
    return name;
  }

  /** The score of {@code ranked} (match ids, best first) against a non-empty set of {@code relevant} ids. */
  double score(List<String> ranked, Set<String> relevant) {
    boolean[] hit = firstRelevant(ranked, relevant, k);
    switch (kind) {
      case "precision":
        return count(hit) / (double) k;
      case "recall":
        return count(hit) / (double) relevant.size();
      case "hit":
        return count(hit) > 0 ? 1 : 0;
      case "ndcg":
        return ndcg(hit, relevant);
      default:
        for (int i = 0; i < hit.length; i++) {
          if (hit[i]) {
            return 1.0 / (i + 1);
          }
        }
        return 0;
    }
  }

  /** Binary relevance: DCG = sum of 1 / log2(rank + 1) over relevant matches, over the best possible DCG. */
  private double ndcg(boolean[] hit, Set<String> relevant) {
    double dcg = 0;
    for (int i = 0; i < hit.length; i++) {
      if (hit[i]) {
        dcg += discount(i);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) {
      ideal += discount(i);
    }
    return dcg / ideal;
  }

  private static double discount(int index) {
    return 1 / (Math.log(index + 2) / Math.log(2));
  }

  private static int count(boolean[] hit) {
    int n = 0;
    for (boolean h : hit) {
      if (h) {
        n++;
      }
    }
    return n;
  }

  /**
   * For each of the first {@code k} positions of {@code ranked}: whether it holds a relevant id seen at
   * no earlier position. A repeated match keeps its position (it takes one of the K) but scores nothing.
   */
  private static boolean[] firstRelevant(List<String> ranked, Set<String> relevant, int k) {
    int n = Math.min(k, ranked.size());
    boolean[] out = new boolean[n];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String id = ranked.get(i);
      out[i] = seen.add(id) && relevant.contains(id);
    }
    return out;
  }
}

package dev.jflow.executors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ranking metric of {@link RankingEvaluator}, parsed from its name ({@code precision@10}, {@code mrr}):
 * it scores a ranked list of match ids against a set of relevant ids. A match id counts once, at its
 * first rank.
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
      return new RankingMetric(trimmed, "mrr", Integer.MAX_VALUE);
    }
    Matcher m = AT_K.matcher(lower);
    if (!m.matches()) {
      throw new IllegalArgumentException(owner + ": metric '" + name + "' is not one of " + FORMS);
    }
    int k = Integer.parseInt(m.group(2));
    if (k < 1) {
      throw new IllegalArgumentException(owner + ": metric '" + name + "' needs K >= 1, got " + k);
    }
    return new RankingMetric(trimmed, m.group(1), k);
  }

  /** The name as given (stripped): the op name of the evaluations this metric makes. */
  String name() {
    return name;
  }

  /** The score of {@code ranked} (match ids, best first) against a non-empty set of {@code relevant} ids. */
  double score(List<String> ranked, Set<String> relevant) {
    List<String> top = distinct(ranked, k);
    switch (kind) {
      case "precision":
        return hits(top, relevant) / (double) k;
      case "recall":
        return hits(top, relevant) / (double) relevant.size();
      case "hit":
        return hits(top, relevant) > 0 ? 1 : 0;
      case "ndcg":
        return ndcg(top, relevant);
      default:
        for (int i = 0; i < top.size(); i++) {
          if (relevant.contains(top.get(i))) {
            return 1.0 / (i + 1);
          }
        }
        return 0;
    }
  }

  /** Binary relevance: DCG = sum of 1 / log2(rank + 1) over relevant matches, over the best possible DCG. */
  private double ndcg(List<String> top, Set<String> relevant) {
    double dcg = 0;
    for (int i = 0; i < top.size(); i++) {
      if (relevant.contains(top.get(i))) {
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

  private static int hits(List<String> top, Set<String> relevant) {
    int n = 0;
    for (String id : top) {
      if (relevant.contains(id)) {
        n++;
      }
    }
    return n;
  }

  /** The first {@code k} distinct ids, in order: a repeated match does not count twice. */
  private static List<String> distinct(List<String> ranked, int k) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (String id : ranked) {
      if (out.size() == k) {
        break;
      }
      if (seen.add(id)) {
        out.add(id);
      }
    }
    return out;
  }
}

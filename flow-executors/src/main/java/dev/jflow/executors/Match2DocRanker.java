package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-ranks each query's matches by a field or tag, e.g. after a {@link KeyValueIndexer} filled them:
 * matches are sorted (stably) by {@code sort_by}, and cut to the request's {@code top_k} when it sets
 * one. Matches without the value go last, in their order; numbers sort before strings, strings before
 * booleans when a tag mixes them. Scores are left as they were.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code sort_by}: {@code score} (default: the match's score value), {@code weight} (its
 *       weight), or else the name of a tag ({@code tags.<name>} also works, and reaches a tag that is
 *       called {@code score} or {@code weight}); dots go into nested tags.
 *   <li>{@code descending}: true (default) puts the highest value first.
 * </ul>
 */
public final class Match2DocRanker implements Executor {
  private String sortBy = "score";
  private boolean descending = true;

  /** A ranker by score, highest first, configured by {@link #open}. */
  public Match2DocRanker() {}

  @Override
  public void open(ExecutorContext context) {
    Args args = new Args("Match2DocRanker", context.with());
    sortBy = args.string("sort_by", "score");
    descending = args.bool("descending", true);
  }

  @Override
  public void handle(Request request) {
    int k = request.topK(-1);
    for (Document q : request.docs()) {
      List<Document> matches = new ArrayList<>(q.matches());
      matches.sort((a, b) -> {
        Object va = value(a);
        Object vb = value(b);
        if (va == null || vb == null) {
          return va == null ? (vb == null ? 0 : 1) : -1;
        }
        return compare(va, vb);
      });
      q.matches().clear();
      q.matches().addAll(k >= 0 && k < matches.size() ? matches.subList(0, k) : matches);
    }
  }

  private Object value(Document d) {
    switch (sortBy) {
      case "score": return d.score() == null ? null : (double) d.score().value();
      case "weight": return (double) d.weight();
      default: break;
    }
    Object v = d.tags();
    for (String part : (sortBy.startsWith("tags.") ? sortBy.substring(5) : sortBy).split("\\.")) {
      if (!(v instanceof Map)) {
        return null;
      }
      v = ((Map<?, ?>) v).get(part);
    }
    return v instanceof Double || v instanceof String || v instanceof Boolean ? v : null;
  }

  /** The order of two present values: by kind (numbers, strings, booleans), then by value in the chosen direction. */
  private int compare(Object a, Object b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    int natural;
    if (a instanceof Double) {
      natural = Double.compare((Double) a, (Double) b);
    } else if (a instanceof String) {
      natural = ((String) a).compareTo((String) b);
    } else {
      natural = Boolean.compare((Boolean) a, (Boolean) b);
    }
    return descending ? -natural : natural;
  }

  private static int rank(Object v) {
    return v instanceof Double ? 0 : v instanceof String ? 1 : 2;
  }

  /** Holds nothing to release. */
  @Override
  public void close() {}
}

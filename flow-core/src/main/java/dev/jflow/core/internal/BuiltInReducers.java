package dev.jflow.core.internal;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.Reducer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Comparator;
import java.util.List;

/**
 * The reducers JFlow ships, selectable by name as a pod's {@code uses} or {@code usesAfter}. They read
 * every document (decoding a request that arrived undecoded, arrays and all), so they run on the pod pool
 * like any executor, not inline on the thread that brings the request (a transport's, possibly its event
 * loop).
 */
final class BuiltInReducers {
  private BuiltInReducers() {}

  /** {@code _merge}: root documents united by id (see {@link Requests#merge(List)}). */
  static final class Merge implements Reducer {
    @Override
    public Request reduce(List<Request> parts) {
      return Requests.merge(parts);
    }

    @Override
    public void close() {}
  }

  /** {@code _merge_chunks}: documents united by id, each taking the chunks of its other copies. */
  static final class MergeChunks implements Reducer {
    @Override
    public Request reduce(List<Request> parts) {
      return Requests.merge(parts, (kept, other) -> Requests.addMissing(kept.chunks(), other.chunks()));
    }

    @Override
    public void close() {}
  }

  /** {@code _merge_matches}: documents united by id, each taking the matches of its other copies. */
  static final class MergeMatches implements Reducer {
    @Override
    public Request reduce(List<Request> parts) {
      return Requests.merge(parts, (kept, other) -> Requests.addMissing(kept.matches(), other.matches()));
    }

    @Override
    public void close() {}
  }

  /**
   * {@code _merge_matches_topk}: like {@code _merge_matches}, then each document keeps its {@code top_k}
   * best matches (all when the request sets no {@code top_k}). Higher scores are better; set the pod
   * argument {@code sort_ascending: true} when scores are distances.
   */
  static final class MergeMatchesTopK implements Reducer {
    private boolean ascending;

    @Override
    public void open(ExecutorContext context) {
      ascending = Boolean.TRUE.equals(context.with().get("sort_ascending"));
    }

    @Override
    public Request reduce(List<Request> parts) {
      Request merged = new MergeMatches().reduce(parts);
      int k = merged.topK(Integer.MAX_VALUE);
      Comparator<Document> byScore = Comparator.comparingDouble(d -> d.score() == null ? Double.NaN : d.score().value());
      Comparator<Document> best = ascending ? byScore : byScore.reversed();
      for (Document d : merged.docs()) {
        List<Document> m = d.matches();
        m.sort(Comparator.comparing((Document x) -> x.score() == null).thenComparing(best));
        if (m.size() > k) {
          m.subList(k, m.size()).clear();
        }
      }
      return merged;
    }

    @Override
    public void close() {}
  }

  /**
   * {@code _concat}: documents united by id, with the rank-1 embeddings of their copies concatenated
   * in part order (e.g. two encoders' vectors side by side). Embeddings of differing dtypes or ranks
   * are an error naming the document.
   */
  static final class Concat implements Reducer {
    @Override
    public Request reduce(List<Request> parts) {
      return Requests.merge(parts, (kept, other) -> kept.embedding(concat(kept, other)));
    }

    private static NdArray concat(Document kept, Document other) {
      NdArray a = kept.embedding();
      NdArray b = other.embedding();
      if (a == null || b == null) {
        return a == null ? b : a;
      }
      if (a.dtype() != b.dtype() || a.rank() != 1 || b.rank() != 1) {
        throw new IllegalArgumentException("_concat: document " + kept.id() + " has embeddings " + a + " and " + b
            + "; only rank-1 embeddings of one dtype concatenate");
      }
      ByteBuffer out = ByteBuffer.allocate(a.bytes().remaining() + b.bytes().remaining()).order(ByteOrder.LITTLE_ENDIAN);
      out.put(a.bytes()).put(b.bytes()).flip();
      return NdArray.wrap(a.dtype(), out, a.size() + b.size());
    }

    @Override
    public void close() {}
  }
}

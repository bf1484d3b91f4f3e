package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * An in-memory vector index, searched exhaustively by cosine similarity. INDEX and UPDATE store each
 * document's embedding (a copy of the document without its embedding is kept to return as a match);
 * SEARCH adds the {@code top_k} most similar stored documents to each query's matches, best first, with
 * the similarity as score (op name {@code cosine}); DELETE removes ids. Queries without an embedding
 * get no matches. Argument {@code default_top_k} (with): used when a request sets none, default 10.
 */
public final class VectorIndexer implements Executor {
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private int defaultTopK = 10;

  /** An empty index. */
  public VectorIndexer() {}

  private record Entry(float[] unit, Document doc) {}

  @Override
  public void open(ExecutorContext context) {
    defaultTopK = (int) context.with().getNumber("default_top_k", 10);
  }

  @Override
  public void handle(Request request) {
    switch (request.type()) {
      case INDEX:
      case UPDATE:
        request.docs().forEach(this::store);
        break;
      case DELETE:
        request.ids().forEach(entries::remove);
        break;
      case SEARCH:
        int k = request.topK(defaultTopK);
        request.docs().forEach(q -> search(q, k));
        break;
      default:
        break;
    }
  }

  /** Number of stored documents. */
  public int size() {
    return entries.size();
  }

  private void store(Document d) {
    if (d.embedding() == null) {
      return;
    }
    Document kept = d.copy().embedding(null);
    kept.matches().clear();
    entries.put(d.id(), new Entry(unit(d.embedding()), kept));
  }

  private void search(Document query, int k) {
    if (query.embedding() == null || k <= 0) {
      return;
    }
    float[] q = unit(query.embedding());
    PriorityQueue<Map.Entry<Float, Entry>> best = new PriorityQueue<>(Map.Entry.comparingByKey());
    for (Entry e : entries.values()) {
      if (e.unit.length != q.length) {
        throw new IllegalArgumentException("query " + query.id() + " has " + q.length + " dimensions, document "
            + e.doc.id() + " has " + e.unit.length);
      }
      float s = dot(q, e.unit);
      if (best.size() < k) {
        best.add(Map.entry(s, e));
      } else if (s > best.peek().getKey()) {
        best.poll();
        best.add(Map.entry(s, e));
      }
    }
    List<Map.Entry<Float, Entry>> ranked = new ArrayList<>(best);
    ranked.sort(Map.Entry.<Float, Entry>comparingByKey().reversed());
    for (Map.Entry<Float, Entry> m : ranked) {
      query.addMatches(m.getValue().doc.copy().adjacency(query.adjacency() + 1)
          .score(new NamedScore(m.getKey(), "cosine", "", List.of(), query.id())));
    }
  }

  private static float[] unit(NdArray a) {
    float[] v = a.toFloatArray();
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    if (n > 0) {
      float inv = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Override
  public void close() {
    entries.clear();
  }
}

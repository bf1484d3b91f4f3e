package dev.jflow.core.testing;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Executors for tests: each does one observable thing to the documents it sees. */
public final class TestExecutors {
  private TestExecutors() {}

  /** Appends its pod's name to each document's {@code path} tag (a list). */
  public static final class PathTagger implements Executor {
    private String pod;

    @Override
    public void open(ExecutorContext context) {
      pod = context.pod();
    }

    @Override
    public void handle(Request request) {
      for (Document d : request.docs()) {
        List<Object> path = new ArrayList<>();
        Object old = d.tags().get("path");
        if (old instanceof List) {
          path.addAll((List<?>) old);
        }
        path.add(pod);
        d.tag("path", path);
      }
    }

    @Override
    public void close() {}
  }

  /** Throws when a document carries the tag {@code fail: true}. */
  public static final class FailOnTag implements Executor {
    @Override
    public void handle(Request request) {
      for (Document d : request.docs()) {
        if (Boolean.TRUE.equals(d.tags().get("fail"))) {
          throw new IllegalStateException("document " + d.id() + " asked to fail");
        }
      }
    }

    @Override
    public void close() {}
  }

  /**
   * An in-memory vector index: INDEX stores embeddings (or float blobs), SEARCH adds the {@code top_k}
   * (default 10) nearest by Euclidean distance as matches, DELETE removes ids, UPDATE replaces.
   */
  public static final class MemoryIndexer implements Executor {
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    @Override
    public void handle(Request request) {
      if (request.type() == RequestType.DELETE) {
        request.ids().forEach(vectors::remove);
        return;
      }
      for (Document d : request.docs()) {
        NdArray v = d.embedding() != null ? d.embedding() : d.blob();
        if (v == null) {
          continue;
        }
        switch (request.type()) {
          case INDEX:
          case UPDATE:
            vectors.put(d.id(), v.toFloatArray());
            break;
          case SEARCH:
            addMatches(d, v.toFloatArray(), request.topK(10));
            break;
          default:
            break;
        }
      }
    }

    private void addMatches(Document query, float[] q, int k) {
      vectors.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), distance(q, e.getValue())))
          .sorted(Map.Entry.comparingByValue())
          .limit(k)
          .forEach(e -> query.addMatches(Document.withId(e.getKey()).score(NamedScore.of(e.getValue(), "euclidean"))));
    }

    private static float distance(float[] a, float[] b) {
      double s = 0;
      for (int i = 0; i < Math.min(a.length, b.length); i++) {
        s += (a[i] - b[i]) * (a[i] - b[i]);
      }
      return (float) Math.sqrt(s);
    }

    /** How many vectors are stored. */
    public int size() {
      return vectors.size();
    }

    @Override
    public void close() {}
  }
}

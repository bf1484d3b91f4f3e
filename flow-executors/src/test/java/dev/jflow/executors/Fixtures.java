package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.ExecutorContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small builders shared by the executor tests. */
final class Fixtures {
  private Fixtures() {}

  /** A context for shard 0 of pod {@code pod} with {@code with} given as key, value pairs. */
  static ExecutorContext context(String pod, Object... with) {
    return shardContext(pod, 0, with);
  }

  /** A context for shard {@code shard} of pod {@code pod}. */
  static ExecutorContext shardContext(String pod, int shard, Object... with) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < with.length; i += 2) {
      m.put((String) with[i], with[i + 1] instanceof Path ? with[i + 1].toString() : with[i + 1]);
    }
    return new ExecutorContext(pod, shard, 0, JsonMap.of(m));
  }

  static Request request(RequestType type, List<Document> docs) {
    return Request.of(type, docs);
  }

  static Request search(List<Document> queries, int topK) {
    return Request.builder(RequestType.SEARCH).docs(queries).parameters(Map.of(Request.TOP_K, topK)).build();
  }

  static Request delete(String... ids) {
    return Request.builder(RequestType.DELETE).ids(List.of(ids)).build();
  }

  static float[][] randomVectors(Random random, int n, int dim) {
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return v;
  }

  /** Documents {@code prefix0..} holding {@code vectors} as embeddings and a text naming them. */
  static List<Document> docs(String prefix, float[][] vectors) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      docs.add(Document.withId(prefix + i).text("text of " + prefix + i).embedding(NdArray.of(vectors[i])));
    }
    return docs;
  }

  static List<String> matchIds(Document query) {
    List<String> ids = new ArrayList<>();
    query.matches().forEach(m -> ids.add(m.id()));
    return ids;
  }
}

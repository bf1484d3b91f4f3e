package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link VectorDurabilityTest} kills: indexes batches of vectors into a workspace through
 * {@code handle} and prints {@code acked N} after batch N returns, until killed (or 100,000 batches).
 * After batch 3 it dumps, which saves a snapshot, so the index it leaves is a snapshot and a log.
 */
public final class IndexingChild {
  static final int BATCH = 25;
  static final int DIM = 8;

  private IndexingChild() {}

  /** The vector of document {@code b<batch>-<i>}: a function of both, so the test can check it. */
  static float[] vector(int batch, int i) {
    float[] v = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      v[j] = (float) Math.sin(batch * 31 + i * 7 + j) + j * 0.01f;
    }
    return v;
  }

  /** Arguments: the workspace directory. */
  public static void main(String[] args) throws Exception {
    VectorIndexer index = new VectorIndexer();
    index.open(Fixtures.context("vec", "workspace", args[0], "metric", "euclidean"));
    for (int batch = 1; batch <= 100_000; batch++) {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        docs.add(Document.withId("b" + batch + "-" + i).text("batch " + batch).embedding(NdArray.of(vector(batch, i))));
      }
      index.handle(Fixtures.request(RequestType.INDEX, docs));
      if (batch == 3) {
        index.dump(args[0] + "/dump", 1);
      }
      System.out.println("acked " + batch);
      System.out.flush();
    }
  }
}

package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process {@link HnswDurabilityTest} kills: indexes batches of {@link #BATCH} documents into the
 * workspace given as its argument, one INDEX request each, and prints {@code acked N} once request
 * {@code N} is answered; it runs until killed.
 */
public final class HnswCrashMain {
  static final int BATCH = 20;
  static final int DIM = 16;

  private HnswCrashMain() {}

  /** The documents of batch {@code n}: ids {@code b<n>-<i>}, vectors from a seed of {@code n}. */
  static List<Document> batch(int n) {
    Random random = new Random(n);
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      float[] v = new float[DIM];
      for (int j = 0; j < DIM; j++) {
        v[j] = (float) random.nextGaussian();
      }
      docs.add(Document.withId("b" + n + "-" + i).text("batch " + n).embedding(NdArray.of(v)));
    }
    return docs;
  }

  public static void main(String[] args) throws Exception {
    HnswIndexer index = new HnswIndexer();
    index.open(Fixtures.context("crash", "workspace", args[0]));
    System.out.println("ready");
    System.out.flush();
    for (int n = 0; n < 1_000_000; n++) {
      index.handle(Fixtures.request(RequestType.INDEX, batch(n)));
      System.out.println("acked " + n);
      System.out.flush();
    }
  }
}

package dev.jflow.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long texts go in small batches, so that one ONNX call's memory stays bounded whatever batch_size says. */
class BatchesTest {
  /** {@code n} token sequences of {@code length}, and the order 0, 1, 2, ... */
  private static int[][] texts(int n, int length) {
    int[][] t = new int[n][];
    for (int i = 0; i < n; i++) {
      t[i] = new int[length];
    }
    return t;
  }

  private static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    return o;
  }

  /** The batch sizes in which {@code tokens} (sorted by length) go. */
  private static List<Integer> split(int[][] tokens, int batchSize) {
    List<Integer> sizes = new ArrayList<>();
    int[] order = identity(tokens.length);
    for (int from = 0; from < tokens.length; ) {
      int n = Batches.count(tokens, order, from, batchSize);
      sizes.add(n);
      from += n;
    }
    return sizes;
  }

  @Test
  void shortTextsGoInBatchesOfBatchSize() {
    assertEquals(List.of(32, 32, 6), split(texts(70, 20), 32));
    assertEquals(List.of(128), split(texts(128, 64), 256), "128 x 64 = 8,192 tokens");
  }

  @Test
  void longTextsGoInSmallerBatches() {
    assertEquals(List.of(4, 4, 2), split(texts(10, 512), 256), "4 x 512^2 = 2^20");
    assertEquals(List.of(16, 16), split(texts(32, 256), 32));
    assertEquals(List.of(64, 36), split(texts(100, 128), 256), "64 x 128 = 8,192 tokens");
  }

  @Test
  void aBatchIsCutWhereItsLongestTextWouldNotFit() {
    int[][] mixed = new int[40][];
    for (int i = 0; i < 40; i++) {
      mixed[i] = new int[i < 30 ? 10 : 500];
    }
    List<Integer> sizes = split(mixed, 256);
    assertEquals(List.of(30, 4, 4, 2), sizes, "the short texts together, then 4 long ones at a time");
  }

  @Test
  void everyBatchFitsTheBudgetsAndHoldsOneTextAtLeast() {
    for (int length = 3; length <= MiniLm.MAX_POSITIONS; length += 7) {
      int n = Batches.count(texts(300, length), identity(300), 0, 256);
      assertTrue(n >= 1 && Batches.fits(n, length), length + ": " + n);
      assertTrue(n == 256 || !Batches.fits(n + 1, length), length + ": " + n + " is the most that fits");
    }
  }
}

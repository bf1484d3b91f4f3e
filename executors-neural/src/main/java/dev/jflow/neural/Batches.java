package dev.jflow.neural;

/**
 * How many texts go into one ONNX call: at most {@code batch_size}, and fewer when they are long, so
 * that one call's native memory stays within about a hundred megabytes whatever the arguments.
 */
final class Batches {
  /**
   * Most tokens per call, texts x padded length: 8,192 tokens make a feed-forward activation of
   * 8,192 x 1,536 floats (48 MiB) and a last hidden state of 12 MiB; 32 sentences of 256 tokens fit,
   * as do 64 of 128 (typical sentences are under 64 tokens, so the default batch of 32 is never cut).
   */
  static final int TOKENS = 8_192;
  /**
   * Most texts x padded length squared per call: the attention scores take texts x 12 heads x
   * length^2 x 4 bytes, 48 MiB at this bound; 4 texts of 512 tokens fit, 16 of 256, 64 of 128.
   */
  static final long ATTENTION = 1L << 20;

  private Batches() {}

  /**
   * How many of the texts {@code order[from]}, {@code order[from + 1]}, ... (token sequences sorted by
   * length, shortest first) go into the next call: at least one, at most {@code batchSize}.
   */
  static int count(int[][] tokens, int[] order, int from, int batchSize) {
    int n = 1;
    while (n < batchSize && from + n < order.length && fits(n + 1, tokens[order[from + n]].length)) {
      n++;
    }
    return n;
  }

  /** Whether {@code n} texts padded to {@code length} tokens stay within {@link #TOKENS} and {@link #ATTENTION}. */
  static boolean fits(int n, int length) {
    return (long) n * length <= TOKENS && (long) n * length * length <= ATTENTION;
  }
}

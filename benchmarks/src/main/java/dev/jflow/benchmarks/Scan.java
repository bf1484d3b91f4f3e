package dev.jflow.benchmarks;

/**
 * The memory-bandwidth baseline of exact search: one sequential pass over the rows of a flat float
 * array, a dot product with the query per row, keeping only the best. No heap, no ids: the least
 * work any exact top-k query over those bytes must do.
 */
final class Scan {
  private Scan() {}

  /** The largest dot product of {@code q} with any {@code dim}-long row of {@code data}. */
  static float bestDot(float[] data, float[] q, int dim) {
    float best = Float.NEGATIVE_INFINITY;
    for (int at = 0; at + dim <= data.length; at += dim) {
      float d = dot(q, data, at, dim);
      if (d > best) {
        best = d;
      }
    }
    return best;
  }

  /**
   * Sums every float of {@code data}: the pass alone. Sixteen independent sums keep the adders ahead of
   * memory; on the reference machine this runs as fast as a {@code jdk.incubator.vector} sum (about
   * 13 ms for 307 MB), so it is the memory-bandwidth limit. Four sums would be add-bound (16.5 ms).
   */
  static float sum(float[] data) {
    float a0 = 0;
    float a1 = 0;
    float a2 = 0;
    float a3 = 0;
    float a4 = 0;
    float a5 = 0;
    float a6 = 0;
    float a7 = 0;
    float b0 = 0;
    float b1 = 0;
    float b2 = 0;
    float b3 = 0;
    float b4 = 0;
    float b5 = 0;
    float b6 = 0;
    float b7 = 0;
    int i = 0;
    for (; i + 15 < data.length; i += 16) {
      a0 += data[i];
      a1 += data[i + 1];
      a2 += data[i + 2];
      a3 += data[i + 3];
      a4 += data[i + 4];
      a5 += data[i + 5];
      a6 += data[i + 6];
      a7 += data[i + 7];
      b0 += data[i + 8];
      b1 += data[i + 9];
      b2 += data[i + 10];
      b3 += data[i + 11];
      b4 += data[i + 12];
      b5 += data[i + 13];
      b6 += data[i + 14];
      b7 += data[i + 15];
    }
    for (; i < data.length; i++) {
      a0 += data[i];
    }
    return (((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + (((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7)));
  }

  // eight independent sums: the adds are not chained, so the loop waits on memory, not on the FPU
  static float dot(float[] q, float[] data, int at, int dim) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    for (; i + 7 < dim; i += 8) {
      s0 += q[i] * data[at + i];
      s1 += q[i + 1] * data[at + i + 1];
      s2 += q[i + 2] * data[at + i + 2];
      s3 += q[i + 3] * data[at + i + 3];
      s4 += q[i + 4] * data[at + i + 4];
      s5 += q[i + 5] * data[at + i + 5];
      s6 += q[i + 6] * data[at + i + 6];
      s7 += q[i + 7] * data[at + i + 7];
    }
    for (; i < dim; i++) {
      s0 += q[i] * data[at + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}

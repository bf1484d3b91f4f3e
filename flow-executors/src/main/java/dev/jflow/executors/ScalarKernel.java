package dev.jflow.executors;

/**
 * The plain-Java {@link VectorKernel}: eight independent sums keep the FPU busy (C2 does not vectorize a
 * float sum, which would change the order of the additions). Runs on any JVM; the fallback when the Vector
 * API is not there.
 */
final class ScalarKernel implements VectorKernel {
  @Override
  public float dot(float[] a, float[] b, int at, int dim) {
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
      s0 += a[i] * b[at + i];
      s1 += a[i + 1] * b[at + i + 1];
      s2 += a[i + 2] * b[at + i + 2];
      s3 += a[i + 3] * b[at + i + 3];
      s4 += a[i + 4] * b[at + i + 4];
      s5 += a[i + 5] * b[at + i + 5];
      s6 += a[i + 6] * b[at + i + 6];
      s7 += a[i + 7] * b[at + i + 7];
    }
    for (; i < dim; i++) {
      s0 += a[i] * b[at + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  @Override
  public float squaredDistance(float[] a, float[] b, int at, int dim) {
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
      float d0 = a[i] - b[at + i];
      float d1 = a[i + 1] - b[at + i + 1];
      float d2 = a[i + 2] - b[at + i + 2];
      float d3 = a[i + 3] - b[at + i + 3];
      float d4 = a[i + 4] - b[at + i + 4];
      float d5 = a[i + 5] - b[at + i + 5];
      float d6 = a[i + 6] - b[at + i + 6];
      float d7 = a[i + 7] - b[at + i + 7];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
      s4 += d4 * d4;
      s5 += d5 * d5;
      s6 += d6 * d6;
      s7 += d7 * d7;
    }
    for (; i < dim; i++) {
      float d = a[i] - b[at + i];
      s0 += d * d;
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  @Override
  public String description() {
    return "scalar";
  }
}

package dev.jflow.executors;

/**
 * The arithmetic of an exact vector search: the dot product and the squared euclidean distance of a query
 * {@code a[0..dim)} with the row {@code b[at..at+dim)}. Exact search spends nearly all its time here, so
 * there are two: {@link ScalarKernel}, plain Java that runs everywhere, and {@link SimdKernel}, the JDK's
 * incubating Vector API, which needs {@code --add-modules jdk.incubator.vector}. {@link VectorKernels}
 * chooses one when it loads. Both give the same sums up to float rounding (they add in different orders).
 */
interface VectorKernel {
  float dot(float[] a, float[] b, int at, int dim);

  float squaredDistance(float[] a, float[] b, int at, int dim);

  /** What runs, for the log: {@code scalar}, or the Vector API's species. */
  String description();
}

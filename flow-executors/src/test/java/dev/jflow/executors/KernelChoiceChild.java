package dev.jflow.executors;

/**
 * The process {@link VectorKernelTest} starts without {@code --add-modules jdk.incubator.vector}: prints
 * the kernel its JVM chose and one dot product through VectorStore's search, which must work without SIMD.
 */
public final class KernelChoiceChild {
  private KernelChoiceChild() {}

  public static void main(String[] args) {
    VectorStore store = new VectorStore(Metric.INNER_PRODUCT);
    store.put("a", new float[] {1, 2, 3}, 0, 3, null);
    int[] rows = new int[1];
    float[] scores = new float[1];
    store.search(new float[] {4, 5, 6}, 3, 1, "q", rows, scores, new VectorStore.Scratch());
    System.out.println("chosen " + VectorKernels.CHOSEN.description() + ", score " + scores[0]);
  }
}

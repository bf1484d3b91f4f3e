package dev.jflow.executors;

import java.lang.System.Logger.Level;

/**
 * Chooses the {@link VectorKernel} once, when this class loads: {@link SimdKernel} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (the module is then in the boot layer), else {@link ScalarKernel}.
 * SimdKernel is not even loaded without the module, and any failure to create it falls back to the scalar
 * kernel with the reason logged. The choice is logged once, at INFO. A static final field, so the JIT sees
 * one kernel and inlines it into the search loop.
 */
final class VectorKernels {
  /** The module that holds the Vector API; incubating in Java 17 to 25, so never resolved unless asked for. */
  static final String MODULE = "jdk.incubator.vector";
  private static final System.Logger LOG = System.getLogger(VectorKernels.class.getName());
  /** The kernel of this JVM. */
  static final VectorKernel CHOSEN = choose();

  private VectorKernels() {}

  private static VectorKernel choose() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      VectorKernel scalar = new ScalarKernel();
      LOG.log(Level.INFO, "vector kernel: {0} (start the JVM with --add-modules {1} for SIMD)", scalar.description(), MODULE);
      return scalar;
    }
    try {
      VectorKernel simd = simd();
      LOG.log(Level.INFO, "vector kernel: {0}", simd.description());
      return simd;
    } catch (LinkageError | RuntimeException e) { // e.g. a JVM whose Vector API differs from the one compiled against
      VectorKernel scalar = new ScalarKernel();
      LOG.log(Level.WARNING, "vector kernel: {0}; {1} is present but the SIMD kernel failed to start: {2}",
          scalar.description(), MODULE, e.toString());
      return scalar;
    }
  }

  /** Only called with the module present: the one place that names SimdKernel, so it loads only here. */
  private static VectorKernel simd() {
    VectorKernel simd = new SimdKernel();
    simd.dot(new float[1], new float[1], 0, 1); // links its Vector API calls now, so that a failure shows here, not in a search
    return simd;
  }
}

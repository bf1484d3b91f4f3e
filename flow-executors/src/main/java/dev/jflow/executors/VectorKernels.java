package dev.jflow.executors;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Chooses the {@link VectorKernel} once, when this class loads: {@link SimdKernel} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (the module is then in the boot layer) and compiles with C2,
 * else {@link ScalarKernel}. SimdKernel is not even loaded without the module, and any failure to create it
 * falls back to the scalar kernel with the reason logged. The choice is logged once, at INFO. A static final
 * field, so the JIT sees one kernel and inlines it into the search loop.
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
      return scalar(Level.INFO, "start the JVM with --add-modules " + MODULE + " for SIMD");
    }
    String noC2 = withoutC2(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.vm.info", ""));
    if (noC2 != null) {
      return scalar(Level.WARNING, MODULE + " is present, but this JVM runs " + noC2
          + ": without C2 the Vector API is many times slower than scalar code");
    }
    try {
      VectorKernel simd = simd();
      LOG.log(Level.INFO, "vector kernel: {0}", simd.description());
      return simd;
    } catch (LinkageError | RuntimeException e) { // e.g. a JVM whose Vector API differs from the one compiled against
      return scalar(Level.WARNING, MODULE + " is present but the SIMD kernel failed to start: " + e);
    }
  }

  private static VectorKernel scalar(Level level, String why) {
    VectorKernel scalar = new ScalarKernel();
    LOG.log(level, "vector kernel: {0} ({1})", scalar.description(), why);
    return scalar;
  }

  /** Only called with the module present: the one place that names SimdKernel, so it loads only here. */
  private static VectorKernel simd() {
    SimdKernel simd = new SimdKernel();
    int warm = 4 * simd.lanes() + 1;
    simd.dot(new float[warm], new float[warm], 0, warm); // every loop of it: links its Vector API calls now, so that a failure shows here, not in a search
    return simd;
  }

  /**
   * Why a JVM started with {@code jvmArguments} (its {@code java.vm.info} is {@code vmInfo}) never compiles
   * with C2, which alone turns Vector API calls into SIMD instructions; null when it does. The last of
   * repeated options wins, as in HotSpot.
   */
  static String withoutC2(List<String> jvmArguments, String vmInfo) {
    if (vmInfo.contains("interpreted mode")) {
      return "with -Xint";
    }
    boolean tiered = true;
    String stop = null;
    String quickOnly = null;
    for (String a : jvmArguments) {
      if (a.equals("-XX:-TieredCompilation")) {
        tiered = false;
      } else if (a.equals("-XX:+TieredCompilation")) {
        tiered = true;
      } else if (a.startsWith("-XX:TieredStopAtLevel=")) {
        stop = a.substring("-XX:TieredStopAtLevel=".length()).trim().equals("4") ? null : a;
      } else if (a.startsWith("-XX:CompilationMode=")) {
        quickOnly = a.endsWith("=quick-only") ? a : null;
      }
    }
    if (quickOnly != null) {
      return "with " + quickOnly;
    }
    return tiered && stop != null ? "with " + stop : null;
  }
}

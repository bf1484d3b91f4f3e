package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two {@link VectorKernel}s give the same dot products and distances (up to float rounding), and the
 * JVM gets the SIMD one exactly when it runs with {@code --add-modules jdk.incubator.vector}. Surefire runs
 * this module's tests with that option, so {@link VectorKernels#CHOSEN} is the SIMD kernel here; child
 * JVMs without it, or without C2, check the fallback.
 */
class VectorKernelTest {
  private static final VectorKernel SCALAR = new ScalarKernel();
  private static final VectorKernel CHOSEN = VectorKernels.CHOSEN;

  @Test
  void theTestJvmRunsTheSimdKernel() {
    assertTrue(ModuleLayer.boot().findModule(VectorKernels.MODULE).isPresent(),
        "Surefire's argLine adds " + VectorKernels.MODULE + " (flow-executors/pom.xml)");
    assertTrue(CHOSEN.description().startsWith("jdk.incubator.vector FloatVector, "), CHOSEN.description());
    assertEquals("SimdKernel", CHOSEN.getClass().getSimpleName());
  }

  @Test
  void bothKernelsAgreeOnEveryDimensionUpTo1030() {
    Random random = new Random(16);
    for (int dim = 0; dim <= 1030; dim++) {
      float[] a = random(random, dim);
      float[] rows = random(random, 3 * dim + 1); // the row at 'at' sits between others, one float off any alignment
      int at = dim + 1;
      double dot = 0;
      double dotScale = 0;
      double distance = 0;
      for (int i = 0; i < dim; i++) {
        dot += (double) a[i] * rows[at + i];
        dotScale += Math.abs((double) a[i] * rows[at + i]);
        double d = (double) a[i] - rows[at + i];
        distance += d * d;
      }
      double dotTolerance = 1e-5 * dotScale + 1e-30;
      double distanceTolerance = 1e-5 * distance + 1e-30;
      for (VectorKernel k : List.of(SCALAR, CHOSEN)) {
        String what = k.description() + ", dim " + dim;
        assertEquals(dot, k.dot(a, rows, at, dim), dotTolerance, what);
        assertEquals(distance, k.squaredDistance(a, rows, at, dim), distanceTolerance, what);
      }
    }
  }

  @Test
  void aZeroLengthVectorHasDotAndDistanceZero() {
    for (VectorKernel k : List.of(SCALAR, CHOSEN)) {
      assertEquals(0f, k.dot(new float[0], new float[4], 4, 0), k.description());
      assertEquals(0f, k.squaredDistance(new float[0], new float[0], 0, 0), k.description());
    }
  }

  @Test
  void nanAndInfinityComeOutTheSameInBothKernels() {
    Random random = new Random(7);
    float[][] specials = {{Float.NaN}, {Float.POSITIVE_INFINITY}, {Float.NEGATIVE_INFINITY},
        {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, {Float.MAX_VALUE}}; // MAX_VALUE: a finite dot, an infinite distance
    for (int dim : new int[] {1, 5, 8, 17, 64, 100, 1030}) {
      for (float[] special : specials) {
        for (int at : new int[] {0, dim / 2, dim - 1}) { // in the vector loops and in the scalar tail
          float[] a = random(random, dim);
          float[] b = random(random, dim);
          for (int j = 0; j < special.length; j++) {
            a[(at + j * 3) % dim] = special[j];
          }
          b[0] = dim > 1 ? 0 : b[0]; // an infinity times zero when it lands there
          String what = "dim " + dim + ", " + java.util.Arrays.toString(special) + " at " + at;
          assertSameKind(SCALAR.dot(a, b, 0, dim), CHOSEN.dot(a, b, 0, dim), "dot, " + what);
          assertSameKind(SCALAR.squaredDistance(a, b, 0, dim), CHOSEN.squaredDistance(a, b, 0, dim), "distance, " + what);
        }
      }
    }
  }

  @Test
  void withoutTheModuleTheScalarKernelRunsAndSimdKernelIsNeverLoaded() throws IOException, InterruptedException {
    String out = child(List.of());
    assertTrue(out.contains("chosen scalar, score 32.0"), out);
    assertTrue(out.contains("vector kernel: scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD)"), out);
    assertFalse(out.contains("dev.jflow.executors.SimdKernel"), "SimdKernel must not even load: " + out);
    assertFalse(out.contains("jdk.incubator.vector.FloatVector"), out);
  }

  @Test
  void withTheModuleButWithoutC2TheScalarKernelRuns() throws IOException, InterruptedException {
    String out = child(List.of("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
    assertTrue(out.contains("chosen scalar, score 32.0"), out);
    assertTrue(out.contains("vector kernel: scalar (jdk.incubator.vector is present, but this JVM runs with -XX:TieredStopAtLevel=1: "
        + "without C2 the Vector API is many times slower than scalar code)"), out);
    assertFalse(out.contains("dev.jflow.executors.SimdKernel"), out);
  }

  @Test
  void c2IsMissingOnlyWithTheOptionsThatLeaveItOut() {
    String vm = "mixed mode, sharing";
    assertEquals(null, VectorKernels.withoutC2(List.of(), vm));
    assertEquals(null, VectorKernels.withoutC2(List.of("-Xmx1g", "-XX:TieredStopAtLevel=4"), vm));
    assertEquals(null, VectorKernels.withoutC2(List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4"), vm), "the last one wins");
    assertEquals(null, VectorKernels.withoutC2(List.of("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation"), vm), "C2 alone");
    assertEquals("with -XX:TieredStopAtLevel=1", VectorKernels.withoutC2(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), vm));
    assertEquals("with -XX:TieredStopAtLevel=3", VectorKernels.withoutC2(List.of("-XX:TieredStopAtLevel=3"), vm));
    assertEquals("with -XX:CompilationMode=quick-only", VectorKernels.withoutC2(List.of("-XX:CompilationMode=quick-only"), vm));
    assertEquals(null, VectorKernels.withoutC2(List.of("-XX:CompilationMode=quick-only", "-XX:CompilationMode=normal"), vm));
    assertEquals("with -Xint", VectorKernels.withoutC2(List.of("-Xint"), "interpreted mode, sharing"));
  }

  /** Runs {@link KernelChoiceChild} in a JVM with {@code options} (and no others), logging class loads; its output. */
  private static String child(List<String> options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info"));
    cmd.addAll(options);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelChoiceChild.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, child.exitValue(), out);
    return out;
  }

  /** Both NaN, or both the same infinity, or both finite. */
  private static void assertSameKind(float expected, float actual, String what) {
    String kinds = expected + " and " + actual + ": " + what;
    assertEquals(Float.isNaN(expected), Float.isNaN(actual), kinds);
    assertEquals(Float.isInfinite(expected), Float.isInfinite(actual), kinds);
    if (Float.isInfinite(expected)) {
      assertEquals(expected, actual, kinds);
    }
  }

  private static float[] random(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }
}

package dev.jflow.executors;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link VectorKernel} of the JDK's Vector API: multiplies and adds over the widest vectors the CPU has
 * ({@code SPECIES_PREFERRED}: 8 floats with AVX2, 16 with AVX-512; not {@code fma}, which a CPU or VM
 * without FMA instructions computes lane by lane, far slower), into four accumulators so that the adds
 * of one row do not wait for each other. This makes an exact search about as fast as one pass over the
 * vectors' memory. Only {@link VectorKernels} creates it, and only when {@code jdk.incubator.vector} is in
 * the boot layer: loading this class without that module fails.
 */
final class SimdKernel implements VectorKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  @Override
  public float dot(float[] a, float[] b, int at, int dim) {
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i <= dim - 4 * LANES; i += 4 * LANES) {
      s0 = FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, at + i)).add(s0);
      s1 = FloatVector.fromArray(SPECIES, a, i + LANES).mul(FloatVector.fromArray(SPECIES, b, at + i + LANES)).add(s1);
      s2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES).mul(FloatVector.fromArray(SPECIES, b, at + i + 2 * LANES)).add(s2);
      s3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES).mul(FloatVector.fromArray(SPECIES, b, at + i + 3 * LANES)).add(s3);
    }
    for (; i <= dim - LANES; i += LANES) {
      s0 = FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, at + i)).add(s0);
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      s += a[i] * b[at + i];
    }
    return s;
  }

  @Override
  public float squaredDistance(float[] a, float[] b, int at, int dim) {
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i <= dim - 4 * LANES; i += 4 * LANES) {
      FloatVector d0 = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, at + i));
      FloatVector d1 = FloatVector.fromArray(SPECIES, a, i + LANES).sub(FloatVector.fromArray(SPECIES, b, at + i + LANES));
      FloatVector d2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES).sub(FloatVector.fromArray(SPECIES, b, at + i + 2 * LANES));
      FloatVector d3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES).sub(FloatVector.fromArray(SPECIES, b, at + i + 3 * LANES));
      s0 = d0.mul(d0).add(s0);
      s1 = d1.mul(d1).add(s1);
      s2 = d2.mul(d2).add(s2);
      s3 = d3.mul(d3).add(s3);
    }
    for (; i <= dim - LANES; i += LANES) {
      FloatVector d = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, at + i));
      s0 = d.mul(d).add(s0);
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      float d = a[i] - b[at + i];
      s += d * d;
    }
    return s;
  }

  /** Floats per vector. */
  int lanes() {
    return LANES;
  }

  @Override
  public String description() {
    return "jdk.incubator.vector FloatVector, " + LANES + " lanes";
  }
}

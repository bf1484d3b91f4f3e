package dev.jflow.benchmarks;

import dev.jflow.executors.VectorIndexer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One exact top-{@code k} query in VectorIndexer (cosine) over {@code rows} random {@code dim}-d vectors,
 * next to one sequential pass over an array of the same size: summing it ({@link Scan#sum}) and dot
 * products with the query ({@link Scan#bestDot}).
 * The full-size version (100,000 × 768) is scenario S8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", Suite.VECTOR_API})
public class VectorQueryBenchmark {
  /** Stored vectors. */
  @Param("20000")
  public int rows;

  /** Their dimension. */
  @Param("768")
  public int dim;

  /** Matches per query. */
  @Param("50")
  public int k;

  private VectorIndexer index;
  private float[] flat;
  private float[] query;

  /** Fills the index and the flat array with the same random vectors. */
  @Setup
  public void setUp() {
    Random random = new Random(42);
    index = new VectorIndexer();
    flat = new float[rows * dim];
    float[] v = new float[dim];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < dim; j++) {
        v[j] = random.nextFloat() * 2 - 1;
      }
      index.add("v" + r, v);
      System.arraycopy(v, 0, flat, r * dim, dim);
    }
    query = new float[dim];
    for (int j = 0; j < dim; j++) {
      query[j] = random.nextFloat() * 2 - 1;
    }
  }

  /** JFlow: the top-k query. */
  @Benchmark
  public VectorIndexer.Hits jflowQuery() {
    return index.query(query, k);
  }

  /** Baseline: one pass over the same number of bytes, summing them (the memory-bandwidth limit). */
  @Benchmark
  public float sumBaseline() {
    return Scan.sum(flat);
  }

  /** Baseline: one pass of dot products over the same number of bytes. */
  @Benchmark
  public float scanBaseline() {
    return Scan.bestDot(flat, query, dim);
  }
}

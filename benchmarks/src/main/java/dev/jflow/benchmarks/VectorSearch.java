package dev.jflow.benchmarks;

import dev.jflow.executors.VectorIndexer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * S8: exact top-50 queries over 100,000 × 768-d float32 vectors in flow-executors' VectorIndexer
 * (cosine, the default), timed one by one, against one sequential pass over an array of the same size:
 * the sum of all its floats ({@link Scan#sum}, the memory-bandwidth limit and the target's baseline),
 * and a dot product per row ({@link Scan#bestDot}, the best plain-Java loop). Runs alternate between
 * the three. Needs about 2.5 GB of heap.
 */
final class VectorSearch {
  static final int K = 50;

  private final boolean quick;
  private final PrintStream out;

  VectorSearch(boolean quick, PrintStream out) {
    this.quick = quick;
    this.out = out;
  }

  void run() {
    int rows = quick ? 2_000 : 100_000;
    int dim = 768;
    int warmup = quick ? 2 : 8;
    int queries = quick ? 5 : 25;
    Random random = new Random(42);
    VectorIndexer index = new VectorIndexer();
    float[] flat = new float[rows * dim];
    float[] v = new float[dim];
    long t0 = System.nanoTime();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < dim; j++) {
        v[j] = random.nextFloat() * 2 - 1;
      }
      index.add("v" + r, v);
      System.arraycopy(v, 0, flat, r * dim, dim);
    }
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "S8: %,d x %d-d added in %.1f s%n", rows, dim, buildSeconds);
    float[][] q = new float[warmup + queries][dim];
    for (float[] row : q) {
      for (int j = 0; j < dim; j++) {
        row[j] = random.nextFloat() * 2 - 1;
      }
    }
    long[] indexNanos = new long[queries];
    long[] scanNanos = new long[queries];
    long[] sumNanos = new long[queries];
    float sink = 0;
    for (int i = 0; i < warmup + queries; i++) { // alternate, so both meet the same machine state
      long a = System.nanoTime();
      VectorIndexer.Hits hits = index.query(q[i], K);
      long b = System.nanoTime();
      sink += Scan.bestDot(flat, q[i], dim);
      long c = System.nanoTime();
      sink += Scan.sum(flat);
      long d = System.nanoTime();
      if (hits.size() != Math.min(K, rows)) {
        throw new IllegalStateException("VectorIndexer.query returned " + hits.size() + " hits, expected " + K);
      }
      sink += hits.score(0);
      if (i >= warmup) {
        indexNanos[i - warmup] = b - a;
        scanNanos[i - warmup] = c - b;
        sumNanos[i - warmup] = d - c;
      }
    }
    double bytes = 4.0 * rows * dim;
    String sizes = String.format(Locale.ROOT, "%,d x %d-d float32 (%.0f MB), top-%d, %d queries after %d warm-up (checksum %.1f)",
        rows, dim, bytes / 1e6, K, queries, warmup, sink);
    row("JFlow VectorIndexer.query (cosine)", indexNanos, rows, bytes, sizes);
    row("one pass: sum of all floats", sumNanos, rows, bytes, sizes);
    row("one pass: dot product per row (plain Java, 8 sums)", scanNanos, rows, bytes, sizes);
    double p50Index = RoundResult.quantile(indexNanos, 0.5) / 1e6;
    out.println(new Verdict("S8", "query ms (p50) vs one pass (sum)", p50Index, RoundResult.quantile(sumNanos, 0.5) / 1e6, false, 1.3)
        .encode());
    out.println(Verdict.report("S8", "query ms (p50) vs one pass (dot products)", p50Index, RoundResult.quantile(scanNanos, 0.5) / 1e6)
        .encode());
  }

  private void row(String side, long[] nanos, int rows, double bytes, String sizes) {
    double p50 = RoundResult.quantile(nanos, 0.5) / 1e6;
    String note = String.format(Locale.ROOT, "%.1f GB/s at p50; %s", bytes / (p50 / 1e3) / 1e9, sizes);
    out.println(new Row("S8", side, rows * 1e3 / p50, 1e3 / p50, p50, RoundResult.quantile(nanos, 0.99) / 1e6,
        Double.NaN, Double.NaN, Double.NaN, note).encode());
  }
}

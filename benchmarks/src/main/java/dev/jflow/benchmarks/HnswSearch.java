package dev.jflow.benchmarks;

import dev.jflow.api.JsonMap;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.executors.HnswIndexer;
import dev.jflow.executors.VectorIndexer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * S10: HnswIndexer (HNSW on Lucene, default settings, a workspace on disk) against VectorIndexer
 * (exact) on 100,000 × 384-d unit vectors, cosine, top-10: build time, recall@10 of the HNSW index
 * against the exact answers over 1,000 queries, and single-thread queries per second of both (the
 * median of rounds; the exact index's first round gives the true answers). Two data sets from fixed
 * seeds: {@code clustered} (points of a 1,000-topic mixture in a 24-d latent space mapped into 384-d,
 * plus noise: low intrinsic dimension and topics, as sentence embeddings have) and {@code random}
 * (uniform on the sphere: every point about as far as every other, the hardest case for a graph, and
 * not what embeddings look like; only with {@code -Djflow.s10.sets=clustered,random}), and
 * {@code overlapping} (64-d latent space, topics as wide as the spread of their centres) in between.
 * The targets (recall@10 at least 0.95, at least 10x the exact
 * index's queries per second) are judged on {@code clustered}; {@code random} is reported without
 * them. Also reports the default index searched with other {@code ef_search} values.
 */
final class HnswSearch {
  static final int K = 10;
  private static final int LATENT = 24;
  private static final int TOPICS = 1_000;

  private final boolean quick;
  private final PrintStream out;

  HnswSearch(boolean quick, PrintStream out) {
    this.quick = quick;
    this.out = out;
  }

  /**
   * Runs the data sets named by the system property {@code jflow.s10.sets} (comma-separated; default
   * {@code clustered}: {@code random} adds about 7 minutes of graph building for a result that only
   * shows why uniform random vectors are not an ANN workload).
   */
  void run() throws Exception {
    for (String set : System.getProperty("jflow.s10.sets", "clustered").split(",")) {
      if (!List.of("clustered", "overlapping", "random").contains(set.trim())) {
        throw new IllegalArgumentException("jflow.s10.sets names '" + set + "'; known: clustered, overlapping, random");
      }
      run(set.trim());
    }
  }

  private void run(String set) throws Exception {
    int rows = quick ? 3_000 : 100_000;
    int dim = quick ? 64 : 384;
    int queries = quick ? 50 : 1_000;
    int exactQueries = quick ? 20 : 200;
    int rounds = quick ? 2 : 5;
    Random random = new Random(set.equals("random") ? 10 : 11);
    Generator gen = set.equals("random") ? new Generator(random, dim, 0, 0)
        : set.equals("overlapping") ? new Generator(random, dim, 64, 1.0f) : new Generator(random, dim, LATENT, 0.5f);
    float[][] data = new float[rows][];
    for (int r = 0; r < rows; r++) {
      data[r] = gen.next();
    }
    float[][] q = new float[queries][];
    for (int i = 0; i < queries; i++) {
      q[i] = gen.next();
    }
    VectorIndexer exact = new VectorIndexer();
    long t0 = System.nanoTime();
    for (int r = 0; r < rows; r++) {
      exact.add("v" + r, data[r]);
    }
    double exactBuild = (System.nanoTime() - t0) / 1e9;

    Path workspace = Files.createTempDirectory("jflow-s10-");
    HnswIndexer hnsw = new HnswIndexer();
    try {
      hnsw.open(new ExecutorContext("s10", 0, 0, JsonMap.of(Map.of("workspace", workspace.toString()))));
      t0 = System.nanoTime();
      for (int r = 0; r < rows; r++) {
        hnsw.add("v" + r, data[r]);
      }
      hnsw.commit();
      double build = (System.nanoTime() - t0) / 1e9;
      out.printf(Locale.ROOT, "S10 %s: %,d x %d-d: HnswIndexer built in %.1f s (exact index filled in %.1f s), %d segment file(s) %.0f MB%n",
          set, rows, dim, build, exactBuild, segments(workspace), megabytes(workspace));

      List<Set<String>> truth = new ArrayList<>();
      long[] firstExact = new long[queries];
      for (int i = 0; i < queries; i++) { // the true answers; also warms the exact index up
        long a = System.nanoTime();
        VectorIndexer.Hits h = exact.query(q[i], K);
        firstExact[i] = System.nanoTime() - a;
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < h.size(); j++) {
          ids.add(h.id(j));
        }
        truth.add(ids);
      }
      String sizes = String.format(Locale.ROOT, "%s, %,d x %d-d, cosine, top-%d, %,d queries, build %.1f s", set, rows, dim, K,
          queries, build);
      long[][] hnswRounds = new long[rounds][];
      long[][] exactRounds = new long[rounds][];
      double recall = recall(hnsw, q, truth); // also the warm-up
      for (int round = 0; round < rounds; round++) { // alternate, so both meet the same machine state
        System.gc();
        hnswRounds[round] = time(hnsw, q, queries);
        System.gc();
        exactRounds[round] = time(exact, q, exactQueries);
      }
      double hnswQps = row("JFlow HnswIndexer (m 16, ef_construction 100, ef_search 100; " + set + ")", hnswRounds,
          String.format(Locale.ROOT, "recall@10 %.4f; %s", recall, sizes));
      double exactQps = row("JFlow VectorIndexer, exact (" + set + ")", exactRounds,
          String.format(Locale.ROOT, "recall@10 1 by definition; %,d queries a round; %s", exactQueries, sizes));
      boolean judged = set.equals("clustered");
      out.println(new Verdict("S10", "recall@10 (" + set + ")", recall, 1.0, true, judged ? 0.95 : Double.NaN).encode());
      out.println(new Verdict("S10", "queries/s vs exact (" + set + ")", hnswQps, exactQps, true, judged ? 10 : Double.NaN).encode());
      for (int ef : quick ? new int[] {40} : new int[] {40, 200, 400}) {
        try (HnswIndexer other = new HnswIndexer()) { // joins the same index (one store per directory)
          other.open(new ExecutorContext("s10", 0, 0, JsonMap.of(Map.of("workspace", workspace.toString(), "ef_search", (double) ef))));
          double r = recall(other, q, truth);
          long[][] t = new long[Math.max(1, rounds - 2)][];
          for (int round = 0; round < t.length; round++) {
            System.gc();
            t[round] = time(other, q, queries);
          }
          double qps = row("JFlow HnswIndexer, ef_search " + ef + " (" + set + ")", t,
              String.format(Locale.ROOT, "recall@10 %.4f; %s", r, sizes));
          out.println(Verdict.report("S10", "queries/s vs exact, ef_search " + ef + " (" + set + ", recall@10 "
              + String.format(Locale.ROOT, "%.4f", r) + ")", qps, exactQps).encode());
        }
      }
    } finally {
      hnsw.close();
      deleteTree(workspace);
    }
  }

  private static double recall(HnswIndexer index, float[][] q, List<Set<String>> truth) throws IOException {
    int found = 0;
    for (int i = 0; i < q.length; i++) {
      VectorIndexer.Hits h = index.query(q[i], K);
      for (int j = 0; j < h.size(); j++) {
        found += truth.get(i).contains(h.id(j)) ? 1 : 0;
      }
    }
    return found / (double) (q.length * K);
  }

  private static long[] time(HnswIndexer index, float[][] q, int n) throws IOException {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long a = System.nanoTime();
      index.query(q[i], K);
      nanos[i] = System.nanoTime() - a;
    }
    return nanos;
  }

  private static long[] time(VectorIndexer index, float[][] q, int n) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long a = System.nanoTime();
      index.query(q[i], K);
      nanos[i] = System.nanoTime() - a;
    }
    return nanos;
  }

  /** One row from the median round (by total time); returns its queries per second. */
  private double row(String side, long[][] rounds, String note) {
    long[][] sorted = rounds.clone();
    Arrays.sort(sorted, Comparator.comparingLong(HnswSearch::total));
    long[] median = sorted[sorted.length / 2];
    double qps = median.length / (total(median) / 1e9);
    double spread = (total(sorted[sorted.length - 1]) - total(sorted[0])) / (double) total(median);
    out.println(new Row("S10", side, Double.NaN, qps, RoundResult.quantile(median, 0.5) / 1e6, RoundResult.quantile(median, 0.99) / 1e6,
        Double.NaN, Double.NaN, Double.NaN, String.format(Locale.ROOT, "%d rounds, spread %.0f%%; %s", rounds.length, 100 * spread, note))
        .encode());
    return qps;
  }

  private static long total(long[] nanos) {
    long t = 0;
    for (long n : nanos) {
      t += n;
    }
    return t;
  }

  private static long segments(Path workspace) throws IOException {
    try (Stream<Path> files = Files.list(workspace.resolve("s10/hnsw"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".si")).count();
    }
  }

  private static double megabytes(Path workspace) throws IOException {
    try (Stream<Path> files = Files.walk(workspace)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1e6;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Unit vectors: uniform on the sphere ({@code latent} 0), or a topic mixture in a {@code latent}-d
   * space (points N(centre, spread²)) mapped into {@code dim}.
   */
  private static final class Generator {
    private final Random random;
    private final int dim;
    private final int latent;
    private final float[][] centers;
    private final float[][] map;
    private final float spread;

    Generator(Random random, int dim, int latent, float spread) {
      this.random = random;
      this.dim = dim;
      this.latent = latent;
      this.spread = spread;
      centers = new float[latent == 0 ? 0 : TOPICS][latent];
      for (float[] c : centers) {
        for (int j = 0; j < latent; j++) {
          c[j] = (float) random.nextGaussian();
        }
      }
      map = new float[dim][latent];
      for (float[] m : map) {
        for (int j = 0; j < latent; j++) {
          m[j] = (float) (random.nextGaussian() / Math.sqrt(latent));
        }
      }
    }

    float[] next() {
      float[] v = new float[dim];
      if (latent == 0) {
        for (int i = 0; i < dim; i++) {
          v[i] = (float) random.nextGaussian();
        }
      } else {
        float[] c = centers[random.nextInt(centers.length)];
        float[] z = new float[latent];
        for (int j = 0; j < latent; j++) {
          z[j] = c[j] + spread * (float) random.nextGaussian();
        }
        for (int i = 0; i < dim; i++) {
          float s = 0.1f * (float) random.nextGaussian();
          for (int j = 0; j < latent; j++) {
            s += map[i][j] * z[j];
          }
          v[i] = s;
        }
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      float inv = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < dim; i++) {
        v[i] *= inv;
      }
      return v;
    }
  }
}

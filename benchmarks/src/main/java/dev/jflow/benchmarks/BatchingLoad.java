package dev.jflow.benchmarks;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Document;
import dev.jflow.api.DynamicBatching;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.neural.SentenceEncoder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S11: one-document requests against a pod running the neural {@link SentenceEncoder}, with and without
 * the pod's dynamic batching, from {@code CALLERS} callers that each keep one request in flight (a closed
 * loop) through the Flow's in-process gateway (the pod is what is measured, not a transport). Both sides
 * run one replica with one ONNX thread; rounds alternate between them so both meet the same machine.
 */
final class BatchingLoad {
  static final int CALLERS = 32;
  private static final String[] SENTENCES = {
      "a kitten sleeping in the sun", "interest rates and the stock market", "storm with strong winds and rain",
      "the orchestra tuned their instruments before the concert", "fresh basil makes the tomato sauce",
      "the rover sent pictures of red dust from the crater", "she ran the last mile faster than ever",
      "our train to the coast left an hour late"};

  private final boolean quick;
  private final PrintStream out;

  BatchingLoad(boolean quick, PrintStream out) {
    this.quick = quick;
    this.out = out;
  }

  void run() throws InterruptedException {
    int rounds = quick ? 1 : 5;
    Duration warmup = Duration.ofSeconds(quick ? 1 : 5);
    Duration measure = Duration.ofSeconds(quick ? 2 : 10);
    DynamicBatching batching = DynamicBatching.builder().preferredBatchSize(CALLERS).timeout(Duration.ofMillis(5)).build();
    String[] sides = {"SentenceEncoder pod, no batching", "SentenceEncoder pod, dynamic batching (preferred 32, timeout 5 ms)"};
    List<List<long[]>> latencies = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
    try (AsyncFlow plain = flow(null); AsyncFlow batched = flow(batching)) {
      plain.start().join();
      batched.start().join();
      AsyncFlow[] flows = {plain, batched};
      for (AsyncFlow f : flows) {
        load(f, warmup);
      }
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < 2; s++) {
          Load l = load(flows[s], measure);
          latencies.get(s).add(l.nanos);
          rates.get(s).add(l.count / (measure.toNanos() / 1e9));
          out.printf(Locale.ROOT, "S11: round %d, %s: %.0f docs/s, p50 %.1f ms%n", r + 1, sides[s], rates.get(s).get(r),
              RoundResult.quantile(l.nanos, 0.5) / 1e6);
        }
      }
    }
    double[] medianRate = new double[2];
    for (int s = 0; s < 2; s++) {
      List<Double> sorted = new ArrayList<>(rates.get(s));
      sorted.sort(null);
      medianRate[s] = sorted.get(sorted.size() / 2);
      long[] all = latencies.get(s).stream().flatMapToLong(java.util.Arrays::stream).toArray();
      String note = String.format(Locale.ROOT, "%d rounds of %d s, %d callers with one one-document request each in flight,"
          + " docs/s the median round, latency over all rounds; spread %.0f%%", rounds, measure.toSeconds(), CALLERS,
          100 * (sorted.get(sorted.size() - 1) - sorted.get(0)) / medianRate[s]);
      out.println(new Row("S11", sides[s], medianRate[s], medianRate[s], RoundResult.quantile(all, 0.5) / 1e6,
          RoundResult.quantile(all, 0.99) / 1e6, Double.NaN, Double.NaN, Double.NaN, note).encode());
    }
    out.println(Verdict.report("S11", "docs/s with dynamic batching vs without", medianRate[1], medianRate[0]).encode());
  }

  private static AsyncFlow flow(DynamicBatching batching) {
    PodSpec.Builder pod = PodSpec.builder("encoder").uses(SentenceEncoder::new).maxQueue(CALLERS * 4);
    if (batching != null) {
      pod.dynamicBatching(batching);
    }
    return AsyncFlow.builder().name(batching == null ? "s11-plain" : "s11-batched").protocol("inprocess").add(pod.build()).build();
  }

  /** What one load period did: answered requests and their latencies. */
  private static final class Load {
    long count;
    long[] nanos;
  }

  private static Thread start(Runnable body) {
    Thread t = new Thread(body, "s11-caller");
    t.start();
    return t;
  }

  /** {@code CALLERS} closed loops (a thread each) of one-document INDEX requests for {@code period}. */
  private static Load load(AsyncFlow flow, Duration period) throws InterruptedException {
    long end = System.nanoTime() + period.toNanos();
    AtomicLong failures = new AtomicLong();
    List<List<Long>> perCaller = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      List<Long> nanos = new ArrayList<>();
      perCaller.add(nanos);
      int caller = c;
      threads.add(start(() -> {
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          Document doc = Document.ofText(SENTENCES[(caller + nanos.size()) % SENTENCES.length]);
          List<Response> responses = flow.index(List.of(doc)).join();
          if (responses.stream().anyMatch(Response::isError) || responses.get(0).docs().get(0).embedding() == null) {
            failures.incrementAndGet();
          }
          nanos.add(System.nanoTime() - t0);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException("S11: " + failures.get() + " requests failed");
    }
    Load l = new Load();
    l.nanos = perCaller.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
    l.count = l.nanos.length;
    return l;
  }
}

package dev.jflow.benchmarks;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import io.grpc.Server;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * S7: building and starting, then closing, a Flow of 10 pass-through pods, with the in-process and
 * the gRPC gateway, in this JVM; the reference is starting and stopping one plain grpc-java server.
 * Each is repeated, after a few untimed runs, and the medians are reported.
 */
final class Lifecycle {
  static final int PODS = 10;

  private final boolean quick;
  private final PrintStream out;

  Lifecycle(boolean quick, PrintStream out) {
    this.quick = quick;
    this.out = out;
  }

  void run() throws Exception {
    int warmup = quick ? 1 : 5;
    int runs = quick ? 3 : 15;
    long[][] inprocess = time(warmup, runs, () -> flow("inprocess"));
    long[][] grpc = time(warmup, runs, () -> flow("grpc"));
    long[][] raw = time(warmup, runs, () -> {
      Server s = GrpcBaselines.start(GrpcBaselines.echo());
      return () -> {
        s.shutdown();
        s.awaitTermination(10, TimeUnit.SECONDS);
      };
    });
    row("JFlow (inprocess, " + PODS + " pods)", inprocess);
    row("JFlow (grpc, " + PODS + " pods)", grpc);
    row("raw grpc-java server (no pods)", raw);
    double grpcTotal = median(total(grpc));
    out.println(Verdict.report("S7", "start+close ms, grpc Flow vs raw grpc-java server", grpcTotal, median(total(raw))).encode());
    out.println(Verdict.report("S7", "start+close ms, inprocess Flow vs grpc Flow", median(total(inprocess)), grpcTotal).encode());
  }

  /** Something started, and how to close it. */
  interface Started {
    void close() throws Exception;
  }

  /** Something to start. */
  interface Starter {
    Started start() throws Exception;
  }

  private static Started flow(String protocol) {
    FlowBuilder<Flow> b = Flow.builder().name("lifecycle").protocol(protocol).host("127.0.0.1");
    for (int i = 0; i < PODS; i++) {
      b.add();
    }
    Flow f = b.build().start();
    return f::close;
  }

  /** Start and close times, ns: {@code [0]} start, {@code [1]} close, one entry a run. */
  private long[][] time(int warmup, int runs, Starter starter) throws Exception {
    long[][] t = new long[2][runs];
    for (int i = -warmup; i < runs; i++) {
      long t0 = System.nanoTime();
      Started s = starter.start();
      long t1 = System.nanoTime();
      s.close();
      long t2 = System.nanoTime();
      if (i >= 0) {
        t[0][i] = t1 - t0;
        t[1][i] = t2 - t1;
      }
    }
    return t;
  }

  private void row(String side, long[][] t) {
    long[] total = total(t);
    String note = String.format(Locale.ROOT, "start %.1f ms, close %.1f ms (medians); p50/p99 are of start+close, %d runs after warm-up",
        median(t[0]), median(t[1]), total.length);
    out.println(new Row("S7", side, Double.NaN, Double.NaN, median(total), RoundResult.quantile(total, 0.99) / 1e6,
        Double.NaN, Double.NaN, Double.NaN, note).encode());
  }

  private static long[] total(long[][] t) {
    long[] total = new long[t[0].length];
    for (int i = 0; i < total.length; i++) {
      total[i] = t[0][i] + t[1][i];
    }
    return total;
  }

  private static double median(long[] nanos) {
    return RoundResult.quantile(nanos, 0.5) / 1e6;
  }
}

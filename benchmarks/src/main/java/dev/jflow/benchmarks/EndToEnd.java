package dev.jflow.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The single-JVM harness: indexes the same documents through JFlow over gRPC (one pass-through pod)
 * and through a raw grpc-java echo on 127.0.0.1, both servers in this JVM, and prints wall time,
 * throughput and per-request latency for the median round of each. The full suite, with servers in
 * processes of their own, is {@link Suite}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jflow.benchmarks.EndToEnd \
 *     --docs 100000 --dim 128 --request-size 100 --prefetch 50 --rounds 3 --warmup 3
 * </pre>
 */
public final class EndToEnd {
  private EndToEnd() {}

  /** Runs the harness with {@code --name value} options (see {@link Settings}) and prints the table. */
  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println("usage: EndToEnd [--docs 100000] [--dim 128] [--request-size 100] [--prefetch 50]"
          + " [--rounds 3] [--warmup 3] [--sides both|jflow|raw] [--timeout-s 600]");
      return;
    }
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("EndToEnd: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<Summary> summaries = run(settings, System.out);
    print(settings, summaries, System.out);
  }

  /** Sets up the sides, warms them up, measures them alternately, and closes them; progress goes to {@code log}. */
  static List<Summary> run(Settings settings, PrintStream log) throws Exception {
    List<Payloads.Doc> data = Payloads.docs(settings.docs(), settings.dim(), 42);
    List<Contender> contenders = new ArrayList<>();
    try {
      if (settings.runsJflow()) {
        contenders.add(new Contender(JFlowSide.inJvm(settings, data), List.of()));
      }
      if (settings.runsRaw()) {
        contenders.add(new Contender(RawGrpcSide.inJvm(settings, data), List.of()));
      }
      return Rounds.measure(contenders, settings.warmup(), settings.rounds(), log);
    } finally {
      contenders.forEach(c -> c.side().close());
    }
  }

  /** Prints the table, and JFlow's overhead over the raw transport when both sides ran. */
  static void print(Settings s, List<Summary> summaries, PrintStream out) {
    out.printf(Locale.ROOT, "%n%,d docs x %d-d float32, requestSize %d (%,d requests), prefetch %d; median of %d rounds after %d warm-up rounds%n",
        s.docs(), s.dim(), s.requestSize(), s.requests(), s.prefetch(), s.rounds(), s.warmup());
    out.printf(Locale.ROOT, "%-22s %9s %10s %8s %8s %8s %10s  %s%n", "side", "wall ms", "docs/s", "req/s", "p50 ms", "p99 ms",
        "cpu us/req", "all rounds (wall ms)");
    for (Summary sum : summaries) {
      RoundResult m = sum.median();
      List<String> walls = new ArrayList<>();
      sum.rounds().forEach(r -> walls.add(String.format(Locale.ROOT, "%.0f", r.wallMillis())));
      out.printf(Locale.ROOT, "%-22s %9.1f %,10.0f %,8.0f %8.2f %8.2f %10.0f  %s%n", sum.side(), m.wallMillis(), m.docsPerSecond(),
          m.requestsPerSecond(), m.latencyMillis(0.50), m.latencyMillis(0.99), m.cpuMicrosPerRequest(), String.join(" ", walls));
    }
    if (summaries.size() == 2) {
      RoundResult jflow = summaries.get(0).median();
      RoundResult raw = summaries.get(1).median();
      out.printf(Locale.ROOT, "JFlow vs raw: wall %+.0f%%, throughput %+.0f%%, p50 %+.0f%%, p99 %+.0f%%, cpu per request %+.0f%%%n",
          percent(jflow.wallNanos(), raw.wallNanos()), percent(jflow.docsPerSecond(), raw.docsPerSecond()),
          percent(jflow.latencyMillis(0.5), raw.latencyMillis(0.5)), percent(jflow.latencyMillis(0.99), raw.latencyMillis(0.99)),
          percent(jflow.cpuNanos(), raw.cpuNanos()));
    }
  }

  private static double percent(double value, double baseline) {
    return (value / baseline - 1) * 100;
  }
}

package dev.jflow.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The end-to-end harness: indexes the same documents through JFlow over gRPC and through a raw
 * grpc-java echo on 127.0.0.1, in one JVM, and prints wall time, throughput and per-request latency
 * for the median round of each. Warm-up rounds run first; all rounds alternate between the sides.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jflow.benchmarks.EndToEnd \
 *     --docs 100000 --dim 128 --request-size 100 --prefetch 50 --rounds 3 --warmup 3
 * </pre>
 */
public final class EndToEnd {
  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private EndToEnd() {}

  /**
   * The median round of one side, and every round's wall time.
   *
   * @param side the side's name
   * @param median the round with the median wall time
   * @param rounds every measured round, in the order run
   */
  record Summary(String side, RoundResult median, List<RoundResult> rounds) {}

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
    List<BiFunction<Settings, List<Payloads.Doc>, Side>> makers = new ArrayList<>();
    if (settings.runsJflow()) {
      makers.add(JFlowSide::new);
    }
    if (settings.runsRaw()) {
      makers.add(RawGrpcSide::new);
    }
    List<Side> sides = new ArrayList<>();
    try {
      for (BiFunction<Settings, List<Payloads.Doc>, Side> make : makers) {
        sides.add(make.apply(settings, data));
      }
      // warm-up alternates too: the sides share grpc-java, Netty and protobuf code, whose JIT profiles
      // should settle on both sides' traffic before anything is measured
      for (int i = 0; i < settings.warmup(); i++) {
        for (Side side : sides) {
          RoundResult r = side.round();
          log.printf(Locale.ROOT, "warm-up %d %-22s %9.1f ms%n", i + 1, side.name(), r.wallMillis());
        }
      }
      List<List<RoundResult>> measured = new ArrayList<>();
      sides.forEach(s -> measured.add(new ArrayList<>()));
      for (int round = 0; round < settings.rounds(); round++) {
        for (int i = 0; i < sides.size(); i++) {
          System.gc();
          long cpu = CPU.getProcessCpuTime();
          RoundResult r = sides.get(i).round();
          r = r.withCpuNanos(CPU.getProcessCpuTime() - cpu);
          measured.get(i).add(r);
          log.printf(Locale.ROOT, "round %d  %-22s %9.1f ms%n", round + 1, sides.get(i).name(), r.wallMillis());
        }
      }
      List<Summary> out = new ArrayList<>();
      for (int i = 0; i < sides.size(); i++) {
        List<RoundResult> sorted = new ArrayList<>(measured.get(i));
        sorted.sort(Comparator.comparingLong(RoundResult::wallNanos));
        out.add(new Summary(sides.get(i).name(), sorted.get((sorted.size() - 1) / 2), measured.get(i)));
      }
      return out;
    } finally {
      for (Side side : sides) {
        side.close();
      }
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

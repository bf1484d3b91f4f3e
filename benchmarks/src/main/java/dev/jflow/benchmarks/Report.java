package dev.jflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's results as Markdown tables: scenarios, verdicts against the targets, and JMH. */
final class Report {
  private Report() {}

  /** One JMH result: benchmark, parameters, score ± error in µs per operation. */
  record Micro(String benchmark, String params, double score, double error, String unit) {}

  /** The scenario table: one line per side. */
  static String rows(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | side | docs/s | req/s | p50 ms | p99 ms | CPU µs/req | peak heap MB: servers / client | notes |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |%n", r.scenario(), r.side(),
          count(r.docsPerSecond()), count(r.requestsPerSecond()), millis(r.p50Millis()), millis(r.p99Millis()),
          count(r.cpuMicrosPerRequest()), count(r.serverHeapMb()), count(r.clientHeapMb()), r.note()));
    }
    return b.toString();
  }

  /** The verdict table: each ratio and its target. */
  static String verdicts(List<Verdict> verdicts) {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | measure | JFlow | baseline | ratio | target | verdict |\n");
    b.append("|---|---|---:|---:|---:|---|---|\n");
    for (Verdict v : verdicts) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s |%n", v.scenario(), v.measure(), number(v.jflow()),
          number(v.baseline()), v.ratio(), v.targetText(), v.outcome()));
    }
    return b.toString();
  }

  /** The JMH table. */
  static String micro(List<Micro> results) {
    StringBuilder b = new StringBuilder();
    b.append("| benchmark | params | score | ± error (99.9%) | unit |\n");
    b.append("|---|---|---:|---:|---|\n");
    for (Micro m : results) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", m.benchmark(), m.params(), number(m.score()),
          number(m.error()), m.unit()));
    }
    return b.toString();
  }

  /** The scenarios that failed or were skipped, one line each. */
  static String problems(List<String> problems) {
    List<String> lines = new ArrayList<>();
    problems.forEach(p -> lines.add("- " + p));
    return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
  }

  private static String count(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String millis(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.1f", v);
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.4f", v);
  }
}

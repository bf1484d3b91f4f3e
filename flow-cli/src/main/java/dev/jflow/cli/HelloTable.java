package dev.jflow.cli;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The hello evaluation table, one row per pipeline: the evaluator's means and the run's times, as text and as HTML.
 * A run whose labelled-query requests failed shows {@code n/a} and {@code failed (n of m requests)} instead of means
 * over the part that succeeded. Numbers are formatted with {@link Locale#ROOT} (a decimal point everywhere).
 */
final class HelloTable {
  private static final String TEXT_ROW = "  %-8s %9s %9s %6s %9s %9s%n";

  private HelloTable() {}

  /** The table for the console, a header line and one line per run. */
  static String text(List<HelloRun.Result> runs) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, TEXT_ROW, "pipeline", "recall@1", "recall@5", "MRR",
        "index ms", "query ms"));
    for (HelloRun.Result r : runs) {
      String row = String.format(Locale.ROOT, TEXT_ROW, r.pipeline().id(), value(r, "recall@1"), value(r, "recall@5"),
          value(r, "mrr"), r.indexMs(), r.queryMs());
      s.append(r.evalFailed() > 0 ? row.stripTrailing() + "  " + failure(r) + System.lineSeparator() : row);
    }
    return s.toString();
  }

  /** The same table as an HTML {@code <table>}, every text escaped. */
  static String html(List<HelloRun.Result> runs) {
    StringBuilder h = new StringBuilder("<table class=\"eval\"><tr><th>pipeline</th><th>pods</th><th>recall@1</th>"
        + "<th>recall@5</th><th>MRR</th><th>index ms</th><th>query ms</th></tr>");
    for (HelloRun.Result r : runs) {
      h.append("<tr><td>").append(HelloReport.escape(r.pipeline().id())).append("</td><td>")
          .append(HelloReport.escape(r.pipeline().description())).append("</td>");
      if (r.evalFailed() > 0) {
        h.append("<td class=\"s\" colspan=\"").append(HelloPipeline.METRICS.size()).append("\">").append(failure(r)).append("</td>");
      } else {
        for (String m : HelloPipeline.METRICS) {
          h.append("<td class=\"s\">").append(value(r, m)).append("</td>");
        }
      }
      h.append("<td class=\"s\">").append(r.indexMs()).append("</td><td class=\"s\">").append(r.queryMs()).append("</td></tr>");
    }
    return h.append("</table>").toString();
  }

  /** The metric's mean, or {@code n/a} when a labelled-query request failed or no query carries the metric. */
  static String value(HelloRun.Result r, String metric) {
    OptionalDouble mean = r.metrics().getOrDefault(metric, OptionalDouble.empty());
    return r.evalFailed() > 0 || mean.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.3f", mean.getAsDouble());
  }

  /** {@code failed (n of m requests)}: how many of the labelled-query requests failed. */
  static String failure(HelloRun.Result r) {
    return "failed (" + r.evalFailed() + " of " + r.evalRequests() + " requests)";
  }
}

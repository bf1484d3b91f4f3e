package dev.jflow.cli;

import java.util.List;
import java.util.Locale;

/** The hello evaluation table, one row per pipeline: the evaluator's means and the run's times, as text and as HTML. */
final class HelloTable {
  private static final String TEXT_ROW = "  %-8s %9s %9s %6s %9s %9s%n";

  private HelloTable() {}

  /** The table for the console, a header line and one line per run. */
  static String text(List<HelloRun.Result> runs) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, TEXT_ROW, "pipeline", "recall@1", "recall@5", "MRR",
        "index ms", "query ms"));
    for (HelloRun.Result r : runs) {
      s.append(String.format(Locale.ROOT, TEXT_ROW, r.pipeline().id(), value(r, "recall@1"), value(r, "recall@5"),
          value(r, "mrr"), r.indexMs(), r.queryMs()));
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
      for (String m : HelloPipeline.METRICS) {
        h.append("<td class=\"s\">").append(value(r, m)).append("</td>");
      }
      h.append("<td class=\"s\">").append(r.indexMs()).append("</td><td class=\"s\">").append(r.queryMs()).append("</td></tr>");
    }
    return h.append("</table>").toString();
  }

  private static String value(HelloRun.Result r, String metric) {
    return String.format(Locale.ROOT, "%.3f", r.metrics().get(metric));
  }
}

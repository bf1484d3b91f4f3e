package dev.jflow.cli;

import dev.jflow.api.Response;
import dev.jflow.api.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long each pod took over a run, from the start and end every pod records in a response's routes:
 * the hello report's bar chart (inline SVG, so the page works offline) and table.
 */
final class PodLatencies {
  private static final int LABEL = 110;
  private static final int BARS = 380;
  private static final int ROW = 26;

  /** One pod's latencies over the run, in milliseconds; {@code count} routes. */
  record Stat(String pod, int count, double meanMs, double medianMs, double p95Ms, double maxMs) {}

  private PodLatencies() {}

  /** Each pod's latencies, in the order the pods first appear in the routes; routes without both times are skipped. */
  static List<Stat> of(List<Response> responses) {
    Map<String, List<Double>> byPod = new LinkedHashMap<>();
    for (Response r : responses) {
      for (Route route : r.routes()) {
        if (route.start() != null && route.end() != null) {
          byPod.computeIfAbsent(route.pod(), p -> new ArrayList<>()).add(Math.max(0, route.duration().toNanos() / 1e6));
        }
      }
    }
    List<Stat> stats = new ArrayList<>();
    byPod.forEach((pod, ms) -> {
      ms.sort(null);
      double mean = ms.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      stats.add(new Stat(pod, ms.size(), mean, rank(ms, 0.5), rank(ms, 0.95), ms.get(ms.size() - 1)));
    });
    return stats;
  }

  /** The nearest-rank percentile of sorted values. */
  private static double rank(List<Double> sorted, double q) {
    return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
  }

  /** A horizontal bar per pod: the bar is the mean, the dark tick the p95, both to one scale. */
  static String svg(List<Stat> stats) {
    double top = stats.stream().mapToDouble(Stat::p95Ms).max().orElse(0);
    double scale = top <= 0 ? 0 : BARS / top;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency\" width=\"%d\" height=\"%d\" "
        + "font-size=\"12\" role=\"img\" aria-label=\"mean and p95 latency per pod\">", LABEL + BARS + 200, ROW * stats.size() + 10));
    for (int i = 0; i < stats.size(); i++) {
      Stat t = stats.get(i);
      int y = 5 + ROW * i;
      s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 15, HelloReport.escape(t.pod())))
          .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#8ab\"><title>%s mean %s ms</title></rect>",
              LABEL, y + 2, t.meanMs() * scale, HelloReport.escape(t.pod()), ms(t.meanMs())))
          .append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#234\" stroke-dasharray=\"2\"/>",
              LABEL + t.meanMs() * scale, y + 10, LABEL + t.p95Ms() * scale, y + 10))
          .append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#234\" stroke-width=\"2\"/>",
              LABEL + t.p95Ms() * scale, y, LABEL + t.p95Ms() * scale, y + 20))
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#444\">mean %s ms, p95 %s ms</text>",
              LABEL + Math.max(t.meanMs(), t.p95Ms()) * scale + 6, y + 15, ms(t.meanMs()), ms(t.p95Ms())));
    }
    return s.append("</svg>").toString();
  }

  /** The numbers of the chart, and the median and the maximum. */
  static String table(List<Stat> stats) {
    StringBuilder h = new StringBuilder("<table class=\"latency\"><tr><th>pod</th><th>routes</th><th>mean ms</th><th>median ms</th>"
        + "<th>p95 ms</th><th>max ms</th></tr>");
    for (Stat t : stats) {
      h.append("<tr><td>").append(HelloReport.escape(t.pod())).append("</td><td class=\"s\">").append(t.count())
          .append("</td><td class=\"s\">").append(ms(t.meanMs())).append("</td><td class=\"s\">").append(ms(t.medianMs()))
          .append("</td><td class=\"s\">").append(ms(t.p95Ms())).append("</td><td class=\"s\">").append(ms(t.maxMs()))
          .append("</td></tr>");
    }
    return h.append("</table>").toString();
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}

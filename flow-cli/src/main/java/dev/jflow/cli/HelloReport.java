package dev.jflow.cli;

import dev.jflow.api.Document;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hello demo's HTML page: the Flow drawn as SVG (no online service), its Mermaid source, each pod's
 * latency over the run (from the responses' routes), the evaluation table and the matches. Numbers and SVG
 * coordinates are formatted with {@link Locale#ROOT}, whatever the system's locale.
 */
final class HelloReport {
  private HelloReport() {}

  /** Writes {@code index.html} in {@code dir} for the run {@code main}, with the evaluation table of {@code runs} (main first). */
  static Path write(Path dir, HelloRun.Result main, List<HelloRun.Result> runs) throws IOException {
    return write(dir, main.spec(), main.mermaid(), main.indexed(), main.responses(), runs);
  }

  /**
   * As {@link #write(Path, HelloRun.Result, List)}, and names under the table each pipeline in {@code failures}
   * (pipeline id to what went wrong) that did not finish, so the page says what is missing.
   */
  static Path write(Path dir, HelloRun.Result main, List<HelloRun.Result> runs, Map<String, String> failures)
      throws IOException {
    return write(dir, main.spec(), main.mermaid(), main.indexed(), main.responses(), runs, failures);
  }

  /**
   * Writes {@code index.html} in {@code dir} for the Flow {@code spec} (drawn as {@code mermaid}) and returns its path:
   * the evaluation table of {@code runs}, the Flow, the pods' latencies over {@code responses} and the sample queries'
   * matches of each run, side by side.
   */
  static Path write(Path dir, FlowSpec spec, String mermaid, int indexed, List<Response> responses, List<HelloRun.Result> runs)
      throws IOException {
    return write(dir, spec, mermaid, indexed, responses, runs, Map.of());
  }

  private static Path write(Path dir, FlowSpec spec, String mermaid, int indexed, List<Response> responses,
      List<HelloRun.Result> runs, Map<String, String> failures) throws IOException {
    Files.createDirectories(dir);
    List<PodLatencies.Stat> latencies = PodLatencies.of(responses);
    List<Document> queries = runs.isEmpty() ? List.of() : runs.get(0).samples();
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>JFlow hello</title><style>")
        .append("body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:2px 8px;vertical-align:top}")
        .append("th{text-align:left}.s{color:#666;text-align:right}")
        .append("</style></head><body><h1>JFlow hello</h1>")
        .append("<p>").append(indexed).append(" sentences indexed, ").append(queries.size()).append(" queries.</p>");
    if (!runs.isEmpty()) {
      HelloRun.Result first = runs.get(0);
      h.append("<h2>Evaluation</h2><p>").append(first.labelled()).append(" labelled queries (")
          .append(escape(HelloData.QUERIES)).append("), ").append(HelloPipeline.EVAL_TOP_K)
          .append(" matches each, scored by the RankingEvaluator pod against the sentences each query paraphrases; ")
          .append("the means over the queries. A query with two relevant sentences scores at most 0.5 at recall@1. ")
          .append("Times: indexing the corpus, and searching the labelled queries.</p>").append(HelloTable.html(runs));
    }
    failures.forEach((id, why) -> h.append("<p>The ").append(escape(id)).append(" pipeline failed: ").append(escape(why))
        .append("</p>"));
    h.append("<h2>The Flow</h2>").append(svg(spec))
        .append("<details><summary>Mermaid source</summary><pre>").append(escape(mermaid)).append("</pre></details>")
        .append("<h2>Latency per pod</h2><p>Over the run's ").append(responses.size())
        .append(" requests, from the start and end each pod recorded in the responses' routes: the bar is the mean, ")
        .append("the tick the 95th percentile.</p>").append(PodLatencies.svg(latencies)).append(PodLatencies.table(latencies))
        .append("<h2>Matches</h2>");
    for (int i = 0; i < queries.size(); i++) {
      h.append("<h3>").append(escape(queries.get(i).text())).append("</h3><table><tr>");
      for (HelloRun.Result r : runs) {
        h.append("<th colspan=\"2\">").append(escape(r.pipeline().id())).append("</th>");
      }
      h.append("</tr>");
      int rows = 0;
      for (HelloRun.Result r : runs) {
        rows = Math.max(rows, matches(r, queries.get(i), i).size());
      }
      for (int row = 0; row < rows; row++) {
        h.append("<tr>");
        for (HelloRun.Result r : runs) {
          List<Document> ms = matches(r, queries.get(i), i);
          if (row < ms.size()) {
            Document m = ms.get(row);
            h.append("<td class=\"s\">").append(m.score() == null ? "" : String.format(Locale.ROOT, "%.3f", m.score().value()))
                .append("</td><td>").append(escape(m.text() == null ? m.id() : m.text())).append("</td>");
          } else {
            h.append("<td></td><td></td>");
          }
        }
        h.append("</tr>");
      }
      h.append("</table>");
    }
    h.append("</body></html>\n");
    Path page = dir.resolve("index.html");
    Files.writeString(page, h, StandardCharsets.UTF_8);
    return page;
  }

  /** The matches run {@code r} found for the {@code i}-th sample query, when it asked the same text there. */
  private static List<Document> matches(HelloRun.Result r, Document query, int i) {
    return i < r.samples().size() && java.util.Objects.equals(r.samples().get(i).text(), query.text())
        ? r.samples().get(i).matches() : List.of();
  }

  /** Pods left to right by depth (longest path from the gateway), one box each, with arrows for needs. */
  static String svg(FlowSpec spec) {
    Map<String, Integer> depth = new HashMap<>();
    depth.put(FlowSpec.GATEWAY, 0);
    Map<Integer, Integer> rows = new HashMap<>();
    Map<String, int[]> at = new HashMap<>();
    at.put(FlowSpec.GATEWAY, new int[] {0, 0});
    rows.put(0, 1);
    int maxDepth = 0;
    for (PodSpec p : spec.pods()) { // pods come after the pods they need, except forward needs: those get depth 1
      int d = 1 + p.needs().stream().mapToInt(n -> depth.getOrDefault(n, 0)).max().orElse(0);
      depth.put(p.name(), d);
      int row = rows.merge(d, 1, Integer::sum) - 1;
      at.put(p.name(), new int[] {d, row});
      maxDepth = Math.max(maxDepth, d);
    }
    int maxRows = rows.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(170 * (maxDepth + 1) + 20).append("\" height=\"")
        .append(60 * maxRows + 20).append("\" font-size=\"12\">")
        .append("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">")
        .append("<path d=\"M0,0L10,5L0,10z\"/></marker></defs>");
    for (PodSpec p : spec.pods()) {
      int[] to = at.get(p.name());
      for (String n : p.needs()) {
        int[] from = at.getOrDefault(n, new int[] {0, 0});
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\" marker-end=\"url(#a)\"%s/>",
            x(from) + 130, y(from) + 20, x(to), y(to) + 20, p.inspect() ? " stroke-dasharray=\"4\"" : ""));
      }
    }
    box(s, at.get(FlowSpec.GATEWAY), "gateway", "");
    for (PodSpec p : spec.pods()) {
      String scale = (p.shards() > 1 ? p.shards() + " shards " : "") + (p.replicas() > 1 ? p.replicas() + " replicas" : "");
      box(s, at.get(p.name()), p.name(), scale);
    }
    return s.append("</svg>").toString();
  }

  private static void box(StringBuilder s, int[] at, String name, String note) {
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"130\" height=\"40\" rx=\"6\" fill=\"#eef\" stroke=\"#335\"/>", x(at), y(at)))
        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", x(at) + 8, y(at) + 17, escape(name)))
        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#666\">%s</text>", x(at) + 8, y(at) + 33, escape(note)));
  }

  private static int x(int[] at) {
    return 10 + 170 * at[0];
  }

  private static int y(int[] at) {
    return 10 + 60 * at[1];
  }

  /** {@code s} safe in HTML text and in quoted attribute values. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}

package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.NamedScore;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hello report's latency per pod: computed from the responses' routes, drawn as an inline SVG chart and a table. */
class HelloReportTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A response whose routes took {@code encoderMs} at the encoder and {@code indexerMs} at each of two indexer shards. */
  private static Response response(long encoderMs, long indexerMs) {
    Request request = Request.of(RequestType.SEARCH, List.of(Document.withId("q")));
    Instant encoded = T0.plusMillis(encoderMs);
    return Response.of(request, Status.SUCCESS, List.of(
        new Route("encoder", "", T0, encoded, Status.SUCCESS),
        new Route("indexer", "shard-0", encoded, encoded.plusMillis(indexerMs), Status.SUCCESS),
        new Route("indexer", "shard-1", encoded, encoded.plusMillis(indexerMs), Status.SUCCESS),
        new Route("gateway", "", T0, null, Status.SUCCESS))); // no end: not counted
  }

  private static List<Response> run() {
    List<Response> responses = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      responses.add(response(i, 100)); // encoder: 1..20 ms
    }
    return responses;
  }

  @Test
  void eachPodsLatencyComesFromTheRoutes() {
    List<PodLatencies.Stat> stats = PodLatencies.of(run());
    assertEquals(List.of("encoder", "indexer"), stats.stream().map(PodLatencies.Stat::pod).toList(), "in the order the pods first ran");
    PodLatencies.Stat encoder = stats.get(0);
    assertEquals(20, encoder.count());
    assertEquals(10.5, encoder.meanMs(), 1e-9);
    assertEquals(10.0, encoder.medianMs(), 1e-9);
    assertEquals(19.0, encoder.p95Ms(), 1e-9, "nearest rank: the 19th of 20");
    assertEquals(20.0, encoder.maxMs(), 1e-9);
    assertEquals(40, stats.get(1).count(), "every shard's route counts");
    assertEquals(100.0, stats.get(1).p95Ms(), 1e-9);
    assertEquals(List.of(), PodLatencies.of(List.of()));
  }

  @Test
  void theReportDrawsTheLatencyChartAndTableWithThePodNames(@TempDir Path dir) throws Exception {
    FlowSpec spec = Flow.builder().name("hello").add("encoder").add("indexer").spec();
    Path page = HelloReport.write(dir, spec, "flowchart LR", 42, run(), List.of());
    String html = Files.readString(page);
    String latency = html.substring(html.indexOf("<h2>Latency per pod</h2>"), html.indexOf("<h2>Matches</h2>"));
    assertTrue(latency.contains("Over the run's 20 requests"), latency);
    String chart = latency.substring(latency.indexOf("<svg"), latency.indexOf("</svg>"));
    assertTrue(chart.contains("class=\"latency\"") && chart.contains(">encoder</text>") && chart.contains(">indexer</text>"), chart);
    assertEquals(2, chart.split("<rect ", -1).length - 1, "one bar per pod: " + chart);
    assertTrue(chart.contains("mean 10.5 ms, p95 19.0 ms") && chart.contains("mean 100.0 ms, p95 100.0 ms"), chart);
    assertTrue(latency.contains("<tr><td>encoder</td><td class=\"s\">20</td><td class=\"s\">10.5</td><td class=\"s\">10.0</td>"
        + "<td class=\"s\">19.0</td><td class=\"s\">20.0</td></tr>"), latency);
    String links = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertFalse(links.contains("<script") || links.contains("http://") || links.contains("https://"),
        "nothing loaded from elsewhere: the page works offline");
    assertFalse(html.contains("<h2>Evaluation</h2>"), "no runs, no table");
  }

  private static HelloRun.Result result(HelloPipeline pipeline, double recall1, double recall5, double mrr, Document... samples) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("recall@1", recall1);
    metrics.put("recall@5", recall5);
    metrics.put("mrr", mrr);
    FlowSpec spec = Flow.builder().name("hello").add("encoder").add("indexer").add("evaluator").spec();
    return new HelloRun.Result(pipeline, "grpc://127.0.0.1:1", spec, "flowchart LR", 300, 30, 812, List.of(samples), 42, 95,
        metrics, 0, run());
  }

  @Test
  void theReportShowsTheEvaluationTableAndBothPipelinesMatchesEscaped(@TempDir Path dir) throws Exception {
    Document neural = Document.ofText("a <kitten> & \"sun\"").addMatches(
        Document.withId("s001").text("The cat sleeps on the warm windowsill all afternoon.").score(NamedScore.of(0.56f)));
    Document tfidf = Document.ofText(neural.text()).addMatches(
        Document.withId("s002").text("A kitten chased a <ball> of yarn.").score(NamedScore.of(0.31f)),
        Document.withId("s054").text("Slow cooked beef stew tastes better the next day.").score(NamedScore.of(0.12f)));
    List<HelloRun.Result> runs = List.of(result(HelloPipeline.NEURAL, 6.0 / 7, 0.95, 0.9, neural),
        result(HelloPipeline.TFIDF, 0.4, 0.6, 0.5, tfidf));
    String html = Files.readString(HelloReport.write(dir, runs.get(0), runs));
    String eval = html.substring(html.indexOf("<h2>Evaluation</h2>"), html.indexOf("<h2>The Flow</h2>"));
    assertTrue(eval.contains("42 labelled queries (hello-queries.tsv), 10 matches each"), eval);
    assertTrue(eval.contains("<tr><td>neural</td><td>SentenceEncoder -&gt; HnswIndexer (2 shards) -&gt; RankingEvaluator</td>"
        + "<td class=\"s\">0.857</td><td class=\"s\">0.950</td><td class=\"s\">0.900</td>"
        + "<td class=\"s\">812</td><td class=\"s\">95</td></tr>"), eval);
    assertTrue(eval.contains("<tr><td>tfidf</td><td>TextEncoder -&gt; CompoundIndexer (2 shards) -&gt; RankingEvaluator</td>"
        + "<td class=\"s\">0.400</td><td class=\"s\">0.600</td><td class=\"s\">0.500</td>"), eval);
    String matches = html.substring(html.indexOf("<h2>Matches</h2>"));
    assertTrue(matches.contains("<h3>a &lt;kitten&gt; &amp; &quot;sun&quot;</h3><table><tr><th colspan=\"2\">neural</th>"
        + "<th colspan=\"2\">tfidf</th></tr>"), matches);
    assertTrue(matches.contains("<tr><td class=\"s\">0.560</td><td>The cat sleeps on the warm windowsill all afternoon.</td>"
        + "<td class=\"s\">0.310</td><td>A kitten chased a &lt;ball&gt; of yarn.</td></tr>"), "rank 1 side by side: " + matches);
    assertTrue(matches.contains("<tr><td></td><td></td><td class=\"s\">0.120</td>"), "a shorter list leaves blanks: " + matches);
    assertFalse(html.contains("<kitten>") || html.contains("<ball>"), "no text reaches the page unescaped");
  }
}

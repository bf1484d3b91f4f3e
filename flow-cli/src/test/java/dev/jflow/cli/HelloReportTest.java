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
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
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

  static HelloRun.Result result(HelloPipeline pipeline, double recall1, double recall5, double mrr, Document... samples) {
    return result(pipeline, 0, recall1, recall5, mrr, samples);
  }

  /** A run of {@code pipeline} whose 5 labelled-query requests include {@code evalFailed} failures. */
  static HelloRun.Result result(HelloPipeline pipeline, long evalFailed, double recall1, double recall5, double mrr,
      Document... samples) {
    Map<String, OptionalDouble> metrics = new LinkedHashMap<>();
    metrics.put("recall@1", OptionalDouble.of(recall1));
    metrics.put("recall@5", OptionalDouble.of(recall5));
    metrics.put("mrr", OptionalDouble.of(mrr));
    FlowSpec spec = Flow.builder().name("hello").add("encoder").add("indexer").add("evaluator").spec();
    return new HelloRun.Result(pipeline, "grpc://127.0.0.1:1", spec, "flowchart LR", 300, 30, 0, 812, List.of(samples), 42, 95,
        metrics, 5, evalFailed, evalFailed, run());
  }

  @Test
  void aRunWhoseLabelledQueriesFailedShowsNoMeansButHowManyRequestsFailed(@TempDir Path dir) throws Exception {
    List<HelloRun.Result> runs = List.of(result(HelloPipeline.NEURAL, 0.5, 0.75, 0.8),
        result(HelloPipeline.TFIDF, 2, 0.4, 0.6, 0.5));
    List<String> text = HelloTable.text(runs).lines().toList();
    assertEquals("  neural       0.500     0.750  0.800       812        95", text.get(1));
    assertEquals("  tfidf          n/a       n/a    n/a       812        95  failed (2 of 5 requests)", text.get(2),
        "means over the queries that got through would look real: none shown");
    String html = Files.readString(HelloReport.write(dir, runs.get(0), runs));
    String eval = html.substring(html.indexOf("<h2>Evaluation</h2>"), html.indexOf("<h2>The Flow</h2>"));
    assertTrue(eval.contains("<td class=\"s\">0.500</td><td class=\"s\">0.750</td><td class=\"s\">0.800</td>"), eval);
    assertTrue(eval.contains("RankingEvaluator</td><td class=\"s\" colspan=\"3\">failed (2 of 5 requests)</td>"
        + "<td class=\"s\">812</td>"), eval);
    assertFalse(eval.contains("0.400") || eval.contains("0.600"), eval);
  }

  @Test
  void aMetricNoQueryCarriesIsNotApplicableRatherThanZero() {
    HelloRun.Result r = result(HelloPipeline.TFIDF, 0.4, 0.6, 0.5);
    r.metrics().put("mrr", OptionalDouble.empty());
    assertEquals("n/a", HelloTable.value(r, "mrr"));
    assertEquals("0.400", HelloTable.value(r, "recall@1"));
  }

  @Test
  void theReportUsesADecimalPointWhateverTheSystemLocale(@TempDir Path dir) throws Exception {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Document q = Document.ofText("kitten").addMatches(Document.withId("s001").text("The cat.").score(NamedScore.of(0.56f)));
      List<HelloRun.Result> runs = List.of(result(HelloPipeline.NEURAL, 6.0 / 7, 0.95, 0.9, q));
      String html = Files.readString(HelloReport.write(dir, runs.get(0), runs));
      assertTrue(html.contains("<td class=\"s\">0.560</td>") && html.contains("<td class=\"s\">0.857</td>"), html);
      assertTrue(html.contains("mean 10.5 ms"), html);
      assertFalse(html.contains("0,560") || html.contains("0,857") || html.contains("10,5 ms"), "no decimal comma: " + html);
      assertTrue(HelloTable.text(runs).contains("0.857"), HelloTable.text(runs));
    } finally {
      Locale.setDefault(before);
    }
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

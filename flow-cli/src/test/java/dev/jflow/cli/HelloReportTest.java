package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    Path page = HelloReport.write(dir, spec, "flowchart LR", List.of(), 42, run());
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
  }
}

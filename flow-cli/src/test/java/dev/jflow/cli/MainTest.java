package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helloIndexesSearchesEvaluatesAndWritesAReport(@TempDir Path dir) throws Exception {
    assertEquals(0, run("hello", "--encoder", "tfidf", "--query", "the cat sleeps on the windowsill", "--top-k", "2",
        "--output", dir.toString()), err.toString());
    String text = out.toString();
    assertTrue(text.contains("TextEncoder -> CompoundIndexer (2 shards) -> RankingEvaluator"), text);
    assertTrue(text.contains("indexed 300 of 300 sentences in 30 requests (0 failed)"), text);
    assertTrue(text.contains("gateway grpc://127.0.0.1:"), "hello serves over gRPC by default: " + text);
    String afterQuery = text.substring(text.indexOf("query: the cat sleeps on the windowsill"));
    assertTrue(afterQuery.lines().skip(1).findFirst().orElseThrow().contains("The cat sleeps on the warm windowsill"), afterQuery);
    assertTrue(text.contains("evaluation: 42 labelled queries (hello-queries.tsv), 10 matches each"), text);
    List<String> table = text.lines().dropWhile(l -> !l.startsWith("evaluation:")).skip(1).takeWhile(l -> !l.isBlank()).toList();
    assertEquals(2, table.size(), "a header and the tfidf row only: " + table);
    assertTrue(table.get(0).matches(" +pipeline +recall@1 +recall@5 +MRR +index ms +query ms"), table.get(0));
    assertTrue(table.get(1).matches(" +tfidf +[01]\\.\\d{3} +[01]\\.\\d{3} +[01]\\.\\d{3} +\\d+ +\\d+"), table.get(1));
    assertTrue(text.strip().endsWith(dir.resolve("index.html").toAbsolutePath().toString()), "the report path last: " + text);
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<svg") && html.contains("indexer") && html.contains("The cat sleeps on the warm windowsill"), html);
    assertTrue(html.contains("<h2>Evaluation</h2>") && html.contains("<td>tfidf</td>"), html);
    String latency = html.substring(html.indexOf("<h2>Latency per pod</h2>"), html.indexOf("<h2>Matches</h2>"));
    assertTrue(latency.contains(">encoder</text>") && latency.contains(">indexer</text>") && latency.contains(">evaluator</text>")
        && latency.contains("<td>gateway</td>"), "every pod's latency from the run's routes: " + latency);
  }

  @Test
  void badUsageExitsWithTwoAndSaysWhy() {
    assertEquals(2, run("hello", "--top-k", "zero"));
    assertTrue(err.toString().contains("--top-k"), err.toString());
    assertEquals(2, run("hello", "--encoder", "word2vec"));
    assertTrue(err.toString().contains("--encoder must be neural or tfidf, got 'word2vec'"), err.toString());
    assertEquals(2, run("frobnicate"));
    assertTrue(err.toString().contains("frobnicate"), err.toString());
    assertEquals(2, run("pod"));
    assertTrue(err.toString().contains("--uses"), err.toString());
    assertEquals(2, run("flow", "--uses", "flow.yml", "--drain-grace", "-5"));
    assertTrue(err.toString().contains("--drain-grace must be 0 or more milliseconds, got -5"), err.toString());
    assertEquals(2, run("pod", "--uses", "_pass", "--drain-grace=-1"));
    assertTrue(err.toString().contains("--drain-grace must be 0 or more milliseconds, got -1"), err.toString());
  }

  @Test
  void theExitStatusSaysWhetherTheDrainWasClean() {
    assertEquals(Serving.DRAINED, Serving.exitStatus(CompletableFuture.completedFuture(null), "flow 'f'", new PrintWriter(err, true)));
    assertEquals("", err.toString());
    FlowException cut = new FlowException(Status.Code.UNAVAILABLE, "the gateway's drain grace period of 300 ms ran out; 2 call(s) were cut");
    assertEquals(Serving.CUT, Serving.exitStatus(CompletableFuture.failedFuture(cut), "flow 'f'", new PrintWriter(err, true)));
    assertEquals("jflow flow 'f' stopped with requests cut: the gateway's drain grace period of 300 ms ran out; 2 call(s) were cut",
        err.toString().strip());
    assertEquals(Serving.FAILED, Serving.exitStatus(CompletableFuture.failedFuture(new IllegalStateException("boom")), "flow 'f'",
        new PrintWriter(err, true)));
    assertTrue(err.toString().contains("did not close cleanly: java.lang.IllegalStateException: boom"), err.toString());
  }

  @Test
  void helpListsTheDrainGraceAndExitStatuses() {
    assertEquals(0, run("flow", "--help"));
    assertTrue(out.toString().contains("--drain-grace=MS") && out.toString().contains("3   the drain grace period ran out"), out.toString());
  }

  @Test
  void anUnavailableProtocolFailsWithTheRegistryMessage() {
    assertEquals(1, run("hello", "--encoder", "tfidf", "--protocol", "carrier-pigeon", "--output", "target/hello-pigeon"));
    assertTrue(err.toString().contains("Transport \"carrier-pigeon\" is not available"), err.toString());
  }

  @Test
  void versionAndHelp() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("jflow "), out.toString());
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("client") && out.toString().contains("ping"), out.toString());
  }
}

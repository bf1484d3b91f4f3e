package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jflow hello's data, its neural pipeline against TF-IDF, and what it says when the neural executors are missing. */
class HelloCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void theBundledCorpusHasStableIdsAndEveryLabelledQueryNamesCorpusSentences() {
    HelloData data = HelloData.load(); // fails on an unknown or repeated id
    List<Document> corpus = data.corpus();
    assertEquals(300, corpus.size());
    assertEquals("s001", corpus.get(0).id());
    assertEquals("The cat sleeps on the warm windowsill all afternoon.", corpus.get(0).text());
    assertEquals("s300", corpus.get(299).id());
    assertEquals(42, data.queries().size());
    Set<String> labelled = new HashSet<>();
    data.queries().forEach(q -> labelled.add(q.text()));
    assertTrue(labelled.containsAll(HelloCommand.SAMPLE_QUERIES), "the sample queries are labelled too");
    assertEquals(List.of("s001"), data.queries().get(0).relevant());
    Document truth = data.queries().get(1).pair().getValue();
    assertEquals(List.of("s076", "s078", "s079", "s082"), truth.matches().stream().map(Document::id).toList(),
        "relevant ids as the groundtruth's matches");
  }

  @Test
  void everySentenceAboutAStormIsLabelledForTheStormQuery() {
    HelloData data = HelloData.load();
    HelloData.Labelled storm = data.queries().stream().filter(q -> q.text().equals("storm with strong winds and rain"))
        .findFirst().orElseThrow();
    // s026 strong winds, s027 heavy rain, s028 the storm, s032 thunder and lightning, s036 the hurricane,
    // s043 monsoon downpours, s045 gusts
    assertEquals(List.of("s026", "s027", "s028", "s032", "s036", "s043", "s045"), storm.relevant());
  }

  @Test
  void aPipelineThatThrowsLeavesTheOthersResultsAndReportAndExitsOne(@TempDir Path dir) throws Exception {
    Document q = Document.ofText("a kitten sleeping in the sun")
        .addMatches(Document.withId("s001").text("The cat sleeps on the warm windowsill all afternoon.").score(NamedScore.of(0.56f)));
    HelloCommand command = new HelloCommand();
    command.output = dir;
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    int code;
    try {
      code = command.runEach(List.of(HelloPipeline.NEURAL, HelloPipeline.TFIDF), p -> {
        if (p == HelloPipeline.TFIDF) {
          throw new IllegalStateException("cannot bind 127.0.0.1:51000: address in use");
        }
        return HelloReportTest.result(p, 0.5, 0.75, 0.8, q);
      }, 300, new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      Locale.setDefault(before);
    }
    assertEquals(1, code);
    assertTrue(err.toString().contains("jflow hello: the tfidf pipeline failed: IllegalStateException: cannot bind 127.0.0.1:51000"),
        err.toString());
    String text = out.toString();
    assertTrue(text.contains("  0.560  The cat sleeps"), "the neural matches, with a decimal point: " + text);
    assertTrue(text.contains("  neural       0.500     0.750  0.800"), text);
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<td>neural</td>") && !html.contains("<td>tfidf</td>"), html);
    assertTrue(html.contains("<p>The tfidf pipeline failed: IllegalStateException: cannot bind"), html);
  }

  @Test
  void failedIndexRequestsAreCountedInTheIndexedLine(@TempDir Path dir) throws Exception {
    HelloRun.Result ok = HelloReportTest.result(HelloPipeline.TFIDF, 0.5, 0.75, 0.8);
    HelloRun.Result partial = new HelloRun.Result(ok.pipeline(), ok.gateway(), ok.spec(), ok.mermaid(), 280, 30, 2, 812,
        ok.samples(), 42, 95, ok.metrics(), 5, 0, 2, ok.responses());
    HelloCommand command = new HelloCommand();
    command.output = dir;
    command.runEach(List.of(HelloPipeline.TFIDF), p -> partial, 300, new PrintWriter(out, true), new PrintWriter(err, true));
    assertTrue(out.toString().contains("indexed 280 of 300 sentences in 30 requests (2 failed) in 812 ms"), out.toString());
  }

  @Test
  void aMissingExecutorClassFailsNamingItAndTheLightPath() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> HelloPipeline.require("neural", List.of("dev.jflow.executors.TextEncoder", "dev.jflow.neural.NoSuchEncoder")));
    assertTrue(e.getMessage().startsWith("jflow hello --encoder neural needs dev.jflow.neural.NoSuchEncoder, which is not on the class path"),
        e.getMessage());
    assertTrue(e.getMessage().contains("jflow hello --encoder tfidf needs neither"), e.getMessage());
    HelloPipeline.TFIDF.requireExecutors();
  }

  @Test
  void theNeuralPipelineFindsTheCatAndBeatsTfIdfOnTheLabelledQueries(@TempDir Path dir) throws Exception {
    assertEquals(0, run("hello", "--output", dir.toString()), err.toString());
    String text = out.toString();
    assertTrue(text.contains("SentenceEncoder -> HnswIndexer (2 shards) -> RankingEvaluator"), text);
    assertTrue(text.contains("indexed 300 of 300 sentences in 30 requests (0 failed)"), text);
    String afterQuery = text.substring(text.indexOf("query: a kitten sleeping in the sun"));
    assertTrue(afterQuery.lines().skip(1).findFirst().orElseThrow().contains("The cat sleeps on the warm windowsill"), afterQuery);
    List<String> table = text.lines().dropWhile(l -> !l.startsWith("evaluation:")).skip(1).takeWhile(l -> !l.isBlank()).toList();
    assertEquals(3, table.size(), "a header, neural and tfidf: " + table);
    double neuralMrr = Double.parseDouble(table.get(1).trim().split(" +")[3]);
    double tfidfMrr = Double.parseDouble(table.get(2).trim().split(" +")[3]);
    assertTrue(table.get(1).trim().startsWith("neural") && table.get(2).trim().startsWith("tfidf"), table.toString());
    assertTrue(neuralMrr > tfidfMrr, "the sentence encoder ranks the paraphrased sentences higher: " + table);
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<td>neural</td>") && html.contains("<td>tfidf</td>"), html);
  }
}

package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
    assertEquals(List.of("s076", "s078"), truth.matches().stream().map(Document::id).toList(), "relevant ids as the groundtruth's matches");
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
    assertTrue(text.contains("indexed 300 sentences in 30 requests (0 failed)"), text);
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

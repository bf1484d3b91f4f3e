package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.internal.Json;
import dev.jflow.core.FlowYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jflow client}'s {@code --progress} and {@code --output json} against a Flow served in this JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientOutputTest {
  @TempDir
  static Path dir;
  static AsyncFlow flow;
  static String port;
  static Path docs;

  @BeforeAll
  static void serve() throws Exception {
    Path yaml = Files.writeString(dir.resolve("flow.yml"), "jtype: Flow\nwith: {name: out, protocol: grpc}\npods:\n"
        + "  - name: encoder\n    uses: HashingTextEncoder\n  - name: indexer\n    uses: VectorIndexer\n");
    FlowCommand command = new FlowCommand();
    new CommandLine(command).parseArgs("--uses", yaml.toString(), "--host", "127.0.0.1");
    flow = AsyncFlow.of(command.withOverrides(FlowYaml.load(yaml)));
    Futures.await(flow.start());
    port = Integer.toString(flow.gatewayAddress().port());
    docs = Files.writeString(dir.resolve("docs.txt"), "the cat sat on the mat\nstocks fell \"sharply\" today\nrain all night\n");
  }

  @AfterAll
  static void close() throws Exception {
    flow.closeAsync().get(30, TimeUnit.SECONDS);
  }

  @Test
  void neverLeavesStderrEmptyAndTheSummaryAsBefore() {
    CliRun run = jflow("client", "index", "--port-expose", port, "--input", docs.toString(), "--request-size", "2", "--progress", "never");
    assertEquals(0, run.status(), run.err());
    assertEquals("", run.err());
    assertTrue(run.out().startsWith("index: 3 docs in 2 requests, "), run.out());
  }

  @Test
  void alwaysDrawsTheBarWithTheFilesTotalEvenOffATerminal() {
    CliRun run = jflow("client", "index", "--port-expose", port, "--input", docs.toString(), "--progress", "always");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.err().contains("\rindex [########################] 100% 3/3 docs, ") && run.err().contains(" docs/s, ETA 0 s"),
        run.err());
    assertTrue(run.err().endsWith(System.lineSeparator()), "the bar's line is ended before the summary: " + run.err());
    assertTrue(run.out().startsWith("index: 3 docs in 1 requests"), run.out());
  }

  @Test
  void jsonOutputIsOneParseableObjectALineWithTheSummaryLast() {
    CliRun index = jflow("client", "index", "--port-expose", port, "--input", docs.toString(), "--output", "json", "--progress", "never");
    assertEquals(0, index.status(), index.err());
    Map<?, ?> indexed = (Map<?, ?>) Json.parse(index.out().strip());
    assertEquals("index", indexed.get("operation"), index.out());
    assertEquals(3L, ((Number) indexed.get("docs")).longValue());
    CliRun run = jflow("client", "search", "--port-expose", port, "--input", docs.toString(), "--top-k", "1", "--print-matches",
        "--output", "json", "--progress", "never");
    assertEquals(0, run.status(), run.err());
    List<Map<?, ?>> lines = run.out().lines().<Map<?, ?>>map(l -> (Map<?, ?>) Json.parse(l)).toList();
    assertEquals(4, lines.size(), run.out());
    Map<?, ?> query = lines.get(1);
    assertEquals("matches", query.get("type"));
    assertEquals("stocks fell \"sharply\" today", query.get("text"));
    Map<?, ?> match = (Map<?, ?>) ((List<?>) query.get("matches")).get(0);
    assertTrue(match.containsKey("id") && match.get("score") instanceof Number, match.toString());
    Map<?, ?> summary = lines.get(3);
    assertEquals("summary", summary.get("type"));
    assertEquals("search", summary.get("operation"));
    assertEquals(3L, ((Number) summary.get("docs")).longValue());
    assertEquals(1L, ((Number) summary.get("requests")).longValue());
    assertEquals(0L, ((Number) summary.get("errors")).longValue());
    assertTrue(summary.get("seconds") instanceof Number && summary.get("docs_per_second") instanceof Number, summary.toString());
  }

  @Test
  void badValuesAreUsageErrorsNamingTheChoices() {
    CliRun output = jflow("client", "index", "--port-expose", port, "--input", docs.toString(), "--output", "xml");
    assertEquals(2, output.status());
    assertTrue(output.err().contains("--output must be text or json, got 'xml'"), output.err());
    CliRun progress = jflow("client", "index", "--port-expose", port, "--input", docs.toString(), "--progress", "sometimes");
    assertEquals(2, progress.status());
    assertTrue(progress.err().contains("--progress must be auto, always or never, got 'sometimes'"), progress.err());
  }
}

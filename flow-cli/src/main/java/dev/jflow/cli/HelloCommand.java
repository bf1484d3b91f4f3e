package dev.jflow.cli;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.executors.CompoundIndexer;
import dev.jflow.executors.TextEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jflow hello}: builds a Flow (a TF-IDF text encoder, then a 2-shard compound indexer that
 * returns full documents), indexes a small bundled corpus,
 * runs sample queries (or the user's), prints the best matches and writes an HTML page of the results
 * and the Flow graph. No arguments and no network needed.
 */
@Command(name = "hello", mixinStandardHelpOptions = true,
    description = "Index a small bundled text corpus, search it, print the matches and write an HTML report.")
final class HelloCommand implements Callable<Integer> {
  static final List<String> SAMPLE_QUERIES = List.of(
      "a kitten sleeping in the sun", "interest rates and the stock market", "storm with strong winds and rain");

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--top-k", defaultValue = "3", description = "matches per query (default: ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--request-size", defaultValue = "10", description = "documents per request while indexing (default: ${DEFAULT-VALUE})")
  int requestSize;

  @Option(names = "--protocol", description = "gateway transport: grpc, websocket, inprocess (default: the best available)")
  String protocol;

  @Option(names = "--query", description = "a query to run; may repeat (default: three sample queries)")
  List<String> queries = new ArrayList<>();

  @Option(names = "--output", defaultValue = "jflow-hello", description = "where to write index.html (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(names = "--no-metrics", description = "record no meters (default: meters on, as jflow flow; OTEL_* variables turn traces on)")
  boolean noMetrics;

  @Override
  public Integer call() throws IOException {
    if (topK < 1 || requestSize < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--top-k and --request-size must be positive, got " + topK + " and " + requestSize);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> corpus = corpus();
    List<String> asked = queries.isEmpty() ? SAMPLE_QUERIES : queries;
    FlowBuilder<Flow> builder = Flow.builder().name("hello").host("127.0.0.1")
        .add("encoder", TextEncoder::new)
        .add(PodSpec.builder("indexer").uses(CompoundIndexer::new).shards(2)
            .polling(RequestType.SEARCH, Polling.ALL).usesAfter("_merge_matches_topk").build());
    if (protocol != null) {
      builder.protocol(protocol);
    }
    try (CliTelemetry telemetry = CliTelemetry.create(!noMetrics, "hello", OtelSettings.current());
        Flow flow = builder.telemetry(telemetry.telemetry()).build().start()) {
      out.println("JFlow hello: encoder -> indexer (2 shards), gateway " + flow.async().gatewayAddress());
      long t0 = System.nanoTime();
      List<Response> indexed = flow.indexLines(corpus, Inputs.LineFormat.TEXT, CallOptions.builder().requestSize(requestSize).build());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long failed = indexed.stream().filter(Response::isError).count();
      out.printf("indexed %d sentences in %d requests (%d failed) in %d ms%n", corpus.size(), indexed.size(), failed, ms);
      List<Document> results = new ArrayList<>();
      List<Response> responses = new ArrayList<>(indexed);
      List<Response> searched = flow.search(asked.stream().map(Document::ofText).collect(Collectors.toList()), topK);
      responses.addAll(searched);
      for (Response r : searched) {
        for (Document q : r.docs()) {
          results.add(q);
          out.println();
          out.println("query: " + q.text());
          for (Document m : q.matches()) {
            out.printf("  %.3f  %s%n", m.score().value(), m.text());
          }
        }
      }
      Path page = HelloReport.write(output, flow.async(), results, corpus.size(), responses);
      out.println();
      out.println("report: " + page.toAbsolutePath());
      return failed == 0 ? 0 : 1;
    }
  }

  static List<String> corpus() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        HelloCommand.class.getResourceAsStream("hello-corpus.txt"), StandardCharsets.UTF_8))) {
      return r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toList());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the hello corpus is missing from the jflow jar", e);
    }
  }
}

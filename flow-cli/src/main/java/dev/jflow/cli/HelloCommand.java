package dev.jflow.cli;

import dev.jflow.api.Document;
import dev.jflow.api.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jflow hello}: builds a Flow (an encoder, a 2-shard index that returns full documents, a
 * ranking evaluator), indexes a bundled corpus of 300 sentences, runs sample queries (or the user's)
 * and 42 labelled queries, prints the best matches and an evaluation table, and writes an HTML page of
 * the results and the Flow graph. The neural pipeline (the default) also runs the TF-IDF one on the
 * same data, for the table. Each pipeline runs on its own: one that fails (its Flow does not start, or
 * requests fail) is reported on stderr and the exit code is 1, and the report shows what the others found.
 * Output uses {@link Locale#ROOT} number formats. No arguments and no network needed.
 */
@Command(name = "hello", mixinStandardHelpOptions = true,
    description = "Index a small bundled text corpus, search it, evaluate the search, print the matches and write an HTML report.")
final class HelloCommand implements Callable<Integer> {
  static final List<String> SAMPLE_QUERIES = List.of(
      "a kitten sleeping in the sun", "interest rates and the stock market", "storm with strong winds and rain");

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--encoder", defaultValue = "neural",
      description = "neural (a sentence encoder and an HNSW index, compared with TF-IDF) or tfidf (the light path, no model) "
          + "(default: ${DEFAULT-VALUE})")
  String encoder;

  @Option(names = "--top-k", defaultValue = "3", description = "matches per query (default: ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--request-size", defaultValue = "10", description = "documents per request (default: ${DEFAULT-VALUE})")
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
    HelloPipeline main;
    try {
      main = HelloPipeline.of(encoder);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    main.requireExecutors();
    PrintWriter out = spec.commandLine().getOut();
    HelloData data = HelloData.load();
    List<String> asked = queries.isEmpty() ? SAMPLE_QUERIES : queries;
    List<HelloPipeline> pipelines = main == HelloPipeline.NEURAL ? List.of(main, HelloPipeline.TFIDF) : List.of(main);
    try (CliTelemetry telemetry = CliTelemetry.create(!noMetrics, "hello", OtelSettings.current())) {
      return runEach(pipelines, p -> HelloRun.run(p, data, asked, topK, requestSize, protocol, telemetry.telemetry()),
          data.corpusSize(), out, spec.commandLine().getErr());
    }
  }

  /**
   * Runs each of {@code pipelines} with {@code runner} in its own try, prints the first one's matches and the table of
   * those that finished, writes the report of those and returns 1 when a pipeline threw or a request failed (each
   * failure printed to {@code err}), else 0. No pipeline finished: no report, 1.
   */
  int runEach(List<HelloPipeline> pipelines, Function<HelloPipeline, HelloRun.Result> runner, int corpusSize, PrintWriter out,
      PrintWriter err) throws IOException {
    List<HelloRun.Result> runs = new ArrayList<>();
    Map<String, String> thrown = new LinkedHashMap<>();
    for (HelloPipeline p : pipelines) {
      try {
        HelloRun.Result r = runner.apply(p);
        if (runs.isEmpty()) {
          printMatches(out, r, corpusSize);
        }
        runs.add(r);
      } catch (RuntimeException e) {
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        thrown.put(p.id(), why);
        err.printf(Locale.ROOT, "jflow hello: the %s pipeline failed: %s%n", p.id(), why);
      }
    }
    if (runs.isEmpty()) {
      err.println("jflow hello: no pipeline ran; no report written");
      return 1;
    }
    out.println();
    out.printf(Locale.ROOT, "evaluation: %d labelled queries (%s), %d matches each%n", first(runs).labelled(), HelloData.QUERIES,
        HelloPipeline.EVAL_TOP_K);
    out.print(HelloTable.text(runs));
    Path page = HelloReport.write(output, first(runs), runs, thrown);
    out.println();
    out.println("report: " + page.toAbsolutePath());
    boolean failed = !thrown.isEmpty();
    for (HelloRun.Result r : runs) {
      if (r.failed() > 0) {
        failed = true;
        String why = r.responses().stream().filter(Response::isError).findFirst().map(x -> x.status().description()).orElse("");
        err.printf(Locale.ROOT, "jflow hello: %d request(s) of the %s pipeline failed; the first: %s%n", r.failed(),
            r.pipeline().id(), why);
      }
    }
    return failed ? 1 : 0;
  }

  private static HelloRun.Result first(List<HelloRun.Result> runs) {
    return runs.get(0);
  }

  private static void printMatches(PrintWriter out, HelloRun.Result r, int corpusSize) {
    out.println("JFlow hello: " + r.pipeline().description() + ", gateway " + r.gateway());
    out.printf(Locale.ROOT, "indexed %d of %d sentences in %d requests (%d failed) in %d ms%n", r.indexed(),
        corpusSize, r.indexRequests(), r.indexFailed(), r.indexMs());
    for (Document q : r.samples()) {
      out.println();
      out.println("query: " + q.text());
      for (Document m : q.matches()) {
        out.printf(Locale.ROOT, "  %.3f  %s%n", m.score() == null ? Float.NaN : m.score().value(), m.text() == null ? m.id() : m.text());
      }
    }
  }
}

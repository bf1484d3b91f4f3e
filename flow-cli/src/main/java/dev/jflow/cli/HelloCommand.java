package dev.jflow.cli;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.executors.HashingTextEncoder;
import dev.jflow.executors.VectorIndexer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code jflow hello}: builds a Flow of an encoder and a vector indexer, indexes a small built-in text
 * corpus, searches it with a few queries (or the user's), and prints the best matches.
 */
final class HelloCommand {
  private static final String USAGE = String.join("\n",
      "usage: jflow hello [--top-k K] [--request-size N] [--protocol NAME] [--query TEXT]...",
      "",
      "  --top-k K          matches to print per query (default 3)",
      "  --request-size N   documents per request while indexing (default 10)",
      "  --protocol NAME    gateway transport: inprocess, grpc, websocket (default: the best available)",
      "  --query TEXT       a query to run; may repeat (default: three sample queries)");
  private static final List<String> SAMPLE_QUERIES = List.of(
      "a kitten sleeping in the sun", "interest rates and the stock market", "storm with strong winds and rain");

  private final PrintStream out;
  private final PrintStream err;
  private int topK = 3;
  private int requestSize = 10;
  private String protocol;
  private final List<String> queries = new ArrayList<>();

  HelloCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    try {
      parse(args);
    } catch (IllegalArgumentException e) {
      err.println("jflow hello: " + e.getMessage() + "\n\n" + USAGE);
      return 2;
    }
    if (queries.isEmpty()) {
      queries.addAll(SAMPLE_QUERIES);
    }
    try {
      return demo();
    } catch (FlowException e) {
      err.println("jflow hello: " + e.getMessage());
      return 1;
    }
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException("help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
      }
      String v = args[++i];
      switch (a) {
        case "--top-k": topK = positive(a, v); break;
        case "--request-size": requestSize = positive(a, v); break;
        case "--protocol": protocol = v; break;
        case "--query": queries.add(v); break;
        default: throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a positive integer, got '" + value + "'");
  }

  private int demo() {
    List<String> corpus = corpus();
    FlowBuilder<Flow> builder = Flow.builder().name("hello").host("127.0.0.1");
    if (protocol != null) {
      builder.protocol(protocol);
    }
    try (Flow flow = builder.add("encoder", HashingTextEncoder::new).add("indexer", VectorIndexer::new).build().start()) {
      out.println("JFlow hello: encoder -> indexer, gateway " + flow.async().gatewayAddress());
      long t0 = System.nanoTime();
      List<Response> indexed = flow.indexLines(corpus, Inputs.LineFormat.TEXT, CallOptions.builder().requestSize(requestSize).build());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long failed = indexed.stream().filter(Response::isError).count();
      out.printf("indexed %d sentences in %d requests (%d failed) in %d ms%n", corpus.size(), indexed.size(), failed, ms);
      List<Document> qs = queries.stream().map(Document::ofText).collect(Collectors.toList());
      for (Response r : flow.search(qs, topK)) {
        for (Document q : r.docs()) {
          out.println();
          out.println("query: " + q.text());
          for (Document m : q.matches()) {
            out.printf("  %.3f  %s%n", m.score().value(), m.text());
          }
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }

  private static List<String> corpus() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        HelloCommand.class.getResourceAsStream("hello-corpus.txt"), StandardCharsets.UTF_8))) {
      return r.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the hello corpus is missing from the jflow jar", e);
    }
  }
}

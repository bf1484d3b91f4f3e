package dev.jflow.cli;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jflow client index|search|update|delete}: sends a file's documents to a running gateway. */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = "Send documents from a file to a running gateway: index, search, update or delete (ids, one a line).")
final class ClientCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "index, search, update or delete")
  String operation;

  @Mixin
  Endpoint endpoint;

  @Option(names = "--input", required = true,
      description = "the documents: .csv (header line), .ndjson/.jsonl (Document JSON a line) or any other file (text a line)")
  Path input;

  @Option(names = "--request-size", defaultValue = "100", description = "documents per request (default: ${DEFAULT-VALUE})")
  int requestSize;

  @Option(names = "--top-k", defaultValue = "0", description = "matches per query for search (default: the executors')")
  int topK;

  @Option(names = "--print-matches", description = "print each query's matches (search)")
  boolean printMatches;

  @Override
  public Integer call() throws IOException {
    RequestType type;
    try {
      type = RequestType.valueOf(operation.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      type = null;
    }
    if (type == null || type == RequestType.CONTROL || type == RequestType.DUMP || type == RequestType.TRAIN) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown operation '" + operation + "'; use index, search, update or delete");
    }
    if (!Files.isReadable(input)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "cannot read --input " + input);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicLong docs = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    CallOptions options = CallOptions.builder().requestSize(requestSize).topK(topK).returnResults(false)
        .onError(r -> {
          errors.incrementAndGet();
          err.println("request " + r.requestId() + " failed: " + r.status());
        })
        .onAlways(r -> {
          long n = docs.addAndGet(Math.max(r.docs().size(), r.ids().size()));
          long k = requests.incrementAndGet();
          if (printMatches) {
            printMatches(out, r);
          }
          if (k % 50 == 0) {
            err.printf("\r%s: %,d docs in %,d requests...", operation, n, k);
            err.flush();
          }
        }).build();
    try (Client c = endpoint.connect()) {
      if (type == RequestType.DELETE) {
        List<String> ids = Files.readAllLines(input).stream().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        c.delete(ids, options).join();
      } else {
        c.call(type, inputs(), options).join();
      }
    }
    double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    if (requests.get() >= 50) {
      err.println();
    }
    out.printf("%s: %,d docs in %,d requests, %.0f docs/s, %d errors%n", operation, docs.get(), requests.get(), docs.get() / secs, errors.get());
    return errors.get() == 0 ? 0 : 1;
  }

  private Inputs inputs() {
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Inputs.csv(input);
    }
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
      return Inputs.ndjson(input);
    }
    return Inputs.lines(input, Inputs.LineFormat.TEXT);
  }

  private static void printMatches(PrintWriter out, Response r) {
    for (Document q : r.docs()) {
      out.println("query: " + (q.text() != null ? q.text() : q.id()));
      for (Document m : q.matches()) {
        out.printf("  %.3f  %s%n", m.score() == null ? 0f : m.score().value(), m.text() != null ? m.text() : m.id());
      }
    }
  }
}

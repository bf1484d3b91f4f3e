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

/**
 * {@code jflow client index|search|update|delete}: sends a file's documents to a running gateway, showing
 * progress on stderr and a summary (or with {@code --output json} JSON lines) on stdout.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = {"Send documents from a file to a running gateway: index, search, update or delete (ids, one a line).",
        "Progress goes to stderr: a bar with docs/s and an ETA on a terminal, a plain line every 2 s elsewhere.",
        "With --output json, stdout holds one JSON object a line: with --print-matches one {\"type\":\"matches\",...} a query,",
        "one {\"type\":\"error\",...} a failed request, and last the {\"type\":\"summary\",...}."})
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

  @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "${env:JFLOW_PROGRESS:-auto}",
      description = "auto (a bar on a terminal, a line every 2 s elsewhere), always (a bar) or never; on stderr "
          + "(default: $JFLOW_PROGRESS, else auto)")
  String progress;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, or json: one JSON object a line on stdout, the summary last (default: ${DEFAULT-VALUE})")
  String output;

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
    Progress.Mode mode;
    try {
      mode = Progress.Mode.parse(progress);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!output.equals("text") && !output.equals("json")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--output must be text or json, got '" + output + "'");
    }
    boolean json = output.equals("json");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> ids = type == RequestType.DELETE ? ids() : null;
    long total = ids != null ? ids.size() : InputTotal.of(input);
    Progress bar = new Progress(Progress.style(mode, Progress.onTerminal()), operation, total, err, System::nanoTime);
    AtomicLong docs = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    CallOptions options = CallOptions.builder().requestSize(requestSize).topK(topK).returnResults(false)
        .onError(r -> {
          errors.incrementAndGet();
          if (json) {
            out.println(ClientJson.error(r));
          } else {
            err.println("request " + r.requestId() + " failed: " + r.status());
          }
        })
        .onAlways(r -> {
          long n = docs.addAndGet(Math.max(r.docs().size(), r.ids().size()));
          requests.incrementAndGet();
          if (printMatches) {
            if (json) {
              r.docs().forEach(q -> out.println(ClientJson.matches(q)));
            } else {
              printMatches(out, r);
            }
          }
          bar.update(n);
        }).build();
    try (Client c = endpoint.connect()) {
      if (ids != null) {
        c.delete(ids, options).join();
      } else {
        c.call(type, inputs(), options).join();
      }
    } finally {
      bar.finish(docs.get()); // a failed call's message starts on a line of its own
    }
    long nanos = System.nanoTime() - start;
    if (json) {
      out.println(ClientJson.summary(operation, docs.get(), requests.get(), errors.get(), nanos));
    } else {
      out.printf("%s: %,d docs in %,d requests, %.0f docs/s, %d errors%n", operation, docs.get(), requests.get(),
          ProgressFormat.rate(docs.get(), Math.max(1, nanos)), errors.get());
    }
    out.flush();
    return errors.get() == 0 ? 0 : 1;
  }

  private List<String> ids() throws IOException {
    return Files.readAllLines(input).stream().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }

  private boolean isCsv() {
    return input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  private Inputs inputs() {
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (isCsv()) {
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

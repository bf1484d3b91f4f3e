package dev.jflow.cli.export;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** One {@code jflow export ...} run in this JVM: its exit status and what it printed. */
record ExportRun(int status, String out, String err) {
  /** The Flow of the export tests: an encoder with 2 replicas, a 2-shard indexer and a built-in join. */
  static final String FLOW = "jtype: Flow\nwith:\n  name: Search Demo\npods:\n"
      + "  - name: encoder\n    uses: HashingTextEncoder\n    uses_with: {dim: 64}\n    replicas: 2\n"
      + "  - name: indexer\n    uses: VectorIndexer\n    shards: 2\n    polling: {default: ANY, search: ALL}\n"
      + "    uses_after: _merge_matches_topk\n"
      + "  - name: join\n    uses: _merge\n    needs: [indexer]\n";

  /** Runs {@code jflow export args...}. */
  static ExportRun export(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ExportCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new ExportRun(status, out.toString(), err.toString());
  }

  /** Writes {@code yaml} to {@code dir}/flow.yml and returns its path. */
  static Path flowFile(Path dir, String yaml) throws java.io.IOException {
    Path file = dir.resolve("flow.yml");
    Files.writeString(file, yaml);
    return file;
  }

  /** Runs {@code command} with a time limit: its exit status and output; -1 when it did not end in time. */
  static ExportRun process(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    java.util.concurrent.CompletableFuture<String> text = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return e.toString();
      }
    });
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new ExportRun(-1, "", String.join(" ", command) + " did not end within 60 s");
    }
    return new ExportRun(p.exitValue(), text.get(10, java.util.concurrent.TimeUnit.SECONDS), "");
  }
}

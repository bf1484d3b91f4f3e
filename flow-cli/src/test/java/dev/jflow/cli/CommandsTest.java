package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every command against real served Flows, the serving ones in their own JVM processes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandsTest {
  @Test
  void flowClientPingAndExportAgainstAServedFlow(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("encoder.yml"), "jtype: HashingTextEncoder\nwith:\n  dim: 64\n");
    Path flowYaml = dir.resolve("flow.yml");
    Files.writeString(flowYaml, String.join("\n",
        "jtype: Flow",
        "version: '1'",
        "with:",
        "  name: served",
        "  protocol: grpc",
        "pods:",
        "  - name: encoder",
        "    uses: encoder.yml",
        "  - name: indexer",
        "    uses: VectorIndexer",
        "    shards: 2",
        "    polling: {search: ALL}",
        "    uses_after: _merge_matches_topk",
        ""));
    Files.writeString(dir.resolve("docs.txt"), "the cat sat on the mat\nstocks fell sharply today\nrain and wind all night\n");
    Files.writeString(dir.resolve("queries.txt"), "a cat on a mat\n");
    Files.writeString(dir.resolve("ids.txt"), "nope-1\nnope-2\n");

    Path admin = dir.resolve("admin.tokens");
    Files.writeString(admin, "commands-test-admin-token-0123456789\n");
    try (Served flow = new Served("flow", "--uses", flowYaml.toString(), "--host", "127.0.0.1", "--admin-tokens-file", admin.toString())) {
      String port = Integer.toString(flow.port);
      CliRun ping = jflow("ping", "--port-expose", port, "--token-file", admin.toString()); // an admin sees the pods
      assertEquals(0, ping.status(), ping.out() + ping.err());
      assertTrue(ping.out().contains("ready: Flow 'served', 2 pods"), ping.out());

      CliRun index = jflow("client", "index", "--port-expose", port, "--input", dir.resolve("docs.txt").toString(), "--request-size", "2");
      assertEquals(0, index.status(), index.err());
      assertTrue(index.out().contains("index: 3 docs in 2 requests"), index.out());

      CliRun search = jflow("client", "search", "--port-expose", port, "--input", dir.resolve("queries.txt").toString(),
          "--top-k", "1", "--print-matches");
      assertEquals(0, search.status(), search.err());
      assertTrue(search.out().contains("the cat sat on the mat"), search.out());

      CliRun delete = jflow("client", "delete", "--port-expose", port, "--input", dir.resolve("ids.txt").toString());
      assertEquals(0, delete.status(), delete.err());
      assertTrue(delete.out().contains("delete: 2 docs in 1 requests"), delete.out());

      assertEquals(0, flow.stop(), "SIGTERM drains and exits 0");
    }
    CliRun down = jflow("ping", "--port-expose", "1", "--timeout", "2");
    assertEquals(1, down.status());
    assertTrue(down.out().startsWith("not ready"), down.out());

    CliRun mermaid = jflow("export", "mermaid", flowYaml.toString());
    assertEquals(0, mermaid.status(), mermaid.err());
    assertTrue(mermaid.out().startsWith("flowchart LR") && mermaid.out().contains("pod_encoder --> pod_indexer"), mermaid.out());
  }

  @Test
  void theSameCommandsOverARestfulGateway(@TempDir Path dir) throws Exception {
    Path flowYaml = dir.resolve("flow.yml");
    Files.writeString(flowYaml, "jtype: Flow\nwith:\n  name: rest\npods:\n  - name: encoder\n    uses: HashingTextEncoder\n"
        + "  - name: indexer\n    uses: VectorIndexer\n");
    Files.writeString(dir.resolve("docs.txt"), "the cat sat on the mat\nstocks fell sharply today\n");
    try (Served flow = new Served("flow", "--uses", flowYaml.toString(), "--restful", "--host", "127.0.0.1")) {
      String port = Integer.toString(flow.port);
      assertEquals("docs: http://127.0.0.1:" + port + "/docs", flow.nextLine(), "where the docs are, after the ready line");
      assertEquals("metrics: http://127.0.0.1:" + port + "/metrics", flow.nextLine());
      CliRun ping = jflow("ping", "--restful", "--port-expose", port);
      assertEquals(0, ping.status(), ping.out() + ping.err());
      CliRun index = jflow("client", "index", "--restful", "--port-expose", port, "--input", dir.resolve("docs.txt").toString());
      assertEquals(0, index.status(), index.err());
      assertTrue(index.out().contains("index: 2 docs in 1 requests"), index.out());
      CliRun search = jflow("client", "search", "--restful", "--port-expose", port, "--input", dir.resolve("docs.txt").toString(),
          "--top-k", "1", "--print-matches");
      assertEquals(0, search.status(), search.err());
      assertTrue(search.out().contains("0.99") || search.out().contains("1.000"), "each line finds itself: " + search.out());
      assertEquals(0, flow.stop());
    }
  }

  @Test
  void aServedPodIsARemotePodOfAnotherFlow(@TempDir Path dir) throws Exception {
    try (Served pod = new Served("pod", "--uses", "HashingTextEncoder", "--name", "enc", "--host", "127.0.0.1", "--with", "dim=8")) {
      try (dev.jflow.api.Flow f = dev.jflow.api.Flow.builder().protocol("inprocess")
          .add("remote-encoder", "grpc://127.0.0.1:" + pod.port).build().start()) {
        assertEquals(8, f.index(List.of(dev.jflow.api.Document.ofText("hello"))).get(0).docs().get(0).embedding().size());
      }
      assertEquals(0, pod.stop());
    }
  }

  @Test
  void clientErrorsAreClear(@TempDir Path dir) {
    CliRun bad = jflow("client", "frob", "--port-expose", "1", "--input", "x");
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("unknown operation 'frob'"), bad.err());
    CliRun missing = jflow("client", "index", "--port-expose", "1", "--input", dir.resolve("none.txt").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("cannot read --input"), missing.err());
  }
}

package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.core.FlowYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --max-top-k} of {@code jflow flow} and {@code jflow pod}: the gateway's policy limit on top_k. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaxTopKOptionTest {

  @Test
  void flowTakesTheYamlsMaxTopKUnlessTheCommandLineSetsIt(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\nwith: {max_top_k: 500}\npods:\n  - name: p\n");
    FlowSpec fromYaml = FlowYaml.load(yaml);
    assertEquals(500, fromYaml.gateway().maxTopK());
    assertEquals(500, overrides(fromYaml, "--uses", yaml.toString()).gateway().maxTopK());
    assertEquals(7, overrides(fromYaml, "--uses", yaml.toString(), "--max-top-k", "7").gateway().maxTopK());
    assertEquals(GatewayConfig.DEFAULT_MAX_TOP_K, FlowYaml.parse("jtype: Flow\npods:\n  - name: p\n", "f.yml", dir).gateway().maxTopK());
  }

  private static FlowSpec overrides(FlowSpec s, String... args) {
    FlowCommand flow = new FlowCommand();
    new CommandLine(flow).parseArgs(args);
    return flow.withOverrides(s);
  }

  @Test
  void aServedPodRefusesATopKOverItsMaxTopK() throws Exception {
    PodCommand pod = new PodCommand();
    new CommandLine(pod).parseArgs("--uses", "_pass", "--host", "127.0.0.1", "--max-top-k", "3");
    AsyncFlow f = pod.start();
    try (Client c = Client.connect("grpc", "127.0.0.1", f.gatewayAddress().port())) {
      assertEquals(1, c.search(List.of(Document.withId("q")), 3).get(10, TimeUnit.SECONDS).size());
      FlowException e = Futures.toFlowException(assertThrows(Exception.class,
          () -> c.search(List.of(Document.withId("q")), 4).get(10, TimeUnit.SECONDS)));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains("maxTopK=3"), e.getMessage());
    } finally {
      f.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMaxTopKBelowOneIsAUsageError() {
    StringWriter err = new StringWriter();
    assertEquals(2, Main.run(new String[] {"flow", "--uses", "flow.yml", "--max-top-k", "0"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--max-top-k must be at least 1, got 0"), err.toString());
    assertEquals(2, Main.run(new String[] {"pod", "--uses", "_pass", "--max-top-k=-1"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--max-top-k must be at least 1, got -1"), err.toString());
  }
}

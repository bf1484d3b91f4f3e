package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.core.FlowYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --max-requests-per-second} and {@code --rate-burst} of {@code jflow flow} and {@code jflow pod}: the per-caller rate limit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitOptionTest {

  @Test
  void flowTakesTheYamlsRateLimitUnlessTheCommandLineSetsIt(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\nwith: {max_requests_per_second: 50, rate_burst: 10}\npods:\n  - name: p\n");
    FlowSpec fromYaml = FlowYaml.load(yaml);
    FlowSpec kept = overrides(fromYaml, "--uses", yaml.toString());
    assertEquals(50, kept.gateway().maxRequestsPerSecond());
    assertEquals(10, kept.gateway().burst());
    FlowSpec set = overrides(fromYaml, "--uses", yaml.toString(), "--max-requests-per-second", "7", "--rate-burst", "3");
    assertEquals(7, set.gateway().maxRequestsPerSecond());
    assertEquals(3, set.gateway().burst());
    assertEquals(0, overrides(fromYaml, "--uses", yaml.toString(), "--max-requests-per-second", "0").gateway().maxRequestsPerSecond(),
        "0 switches the YAML's limit off");
    assertEquals(0, FlowYaml.parse("jtype: Flow\npods:\n  - name: p\n", "f.yml", dir).gateway().maxRequestsPerSecond(), "off by default");
  }

  private static FlowSpec overrides(FlowSpec s, String... args) {
    FlowCommand flow = new FlowCommand();
    new CommandLine(flow).parseArgs(args);
    return flow.withOverrides(s);
  }

  @Test
  void aServedPodRefusesATokenOverItsRate(@TempDir Path dir) throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "rate-option-test-token-0123456789\n");
    PodCommand pod = new PodCommand();
    new CommandLine(pod).parseArgs("--uses", "_pass", "--host", "127.0.0.1", "--max-requests-per-second", "1", "--rate-burst", "1",
        "--data-tokens-file", tokens.toString());
    AsyncFlow f = pod.start();
    try (Client c = Client.connect(ClientConfig.builder().protocol("grpc").host("127.0.0.1").port(f.gatewayAddress().port())
        .token("rate-option-test-token-0123456789").build())) {
      List<CompletableFuture<List<Response>>> quick = List.of(c.index(List.of(Document.withId("a"))), c.index(List.of(Document.withId("b"))));
      FlowException refused = null;
      int served = 0;
      for (CompletableFuture<List<Response>> r : quick) {
        try {
          r.get(10, TimeUnit.SECONDS);
          served++;
        } catch (ExecutionException e) {
          refused = Futures.toFlowException(e);
        }
      }
      assertEquals(1, served, "a burst of 1");
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      assertTrue(refused.getMessage().contains("maxRequestsPerSecond=1"), refused.getMessage());
    } finally {
      f.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNegativeRateOrABurstBelowOneIsAUsageError(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\npods:\n  - name: p\n");
    StringWriter err = new StringWriter();
    assertEquals(2, Main.run(new String[] {"flow", "--uses", yaml.toString(), "--max-requests-per-second", "-1"},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--max-requests-per-second must be 0 (no limit) or more, got -1"), err.toString());
    assertEquals(2, Main.run(new String[] {"pod", "--uses", "_pass", "--rate-burst=0"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--rate-burst must be at least 1, got 0"), err.toString());
  }
}

package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.InspectMode;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.api.Scheduling;
import dev.jflow.api.Status;
import dev.jflow.core.testing.TestExecutors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowYamlTest {
  private static final String TAGGER = TestExecutors.PathTagger.class.getName();

  private static FlowSpec parse(String yaml) {
    return FlowYaml.parse(yaml, "flow.yml", null);
  }

  private static String error(String yaml) {
    FlowException e = assertThrows(FlowException.class, () -> parse(yaml));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    return e.getMessage();
  }

  @Test
  void readsJinasV1FormatWithEnvSubstitution(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tagger.yml"), String.join("\n",
        "jtype: " + TAGGER,
        "with:",
        "  dim: 16",
        "metas:",
        "  name: tagger",
        "  workspace: ./ws"));
    Files.writeString(dir.resolve("flow.yml"), String.join("\n",
        "jtype: Flow",
        "version: '1'",
        "env:",
        "  SHARDS: \"3\"",
        "with:",
        "  name: yaml-flow",
        "  prefetch: 7",
        "  drain_grace: 2500",
        "  max_stream_bytes: 1048576",
        "  max_gateway_bytes: 8388608",
        "  max_top_k: 500",
        "  max_requests_per_second: 20",
        "  rate_burst: 5",
        "  port_expose: 45678",
        "  inspect: HANG",
        "  on_error_strategy: SKIP_HANDLE",
        "pods:",
        "  - name: encoder",
        "    uses: tagger.yml",
        "    replicas: 2",
        "  - name: indexer",
        "    uses: _pass",
        "    parallel: $SHARDS",
        "    polling: {default: ANY, search: ALL}",
        "    scheduling: ROUND_ROBIN",
        "    uses_after: _merge_matches_topk",
        "    timeout: 1500",
        "  - name: side",
        "    needs: gateway",
        "  - name: joiner",
        "    method: needs",
        "    needs: [indexer, side]"));
    FlowSpec spec = FlowYaml.load(dir.resolve("flow.yml"));
    assertEquals("yaml-flow", spec.name());
    assertEquals(7, spec.gateway().prefetch());
    assertEquals(Duration.ofMillis(2500), spec.gateway().drainGrace());
    assertEquals(1L << 20, spec.gateway().maxStreamBytes());
    assertEquals(8L << 20, spec.gateway().maxGatewayBytes());
    assertEquals(500, spec.gateway().maxTopK());
    assertEquals(20, spec.gateway().maxRequestsPerSecond());
    assertEquals(5, spec.gateway().burst());
    assertEquals(spec.gateway(), FlowYaml.parse(FlowYaml.dump(spec), "dumped.yml", dir).gateway(), "the limits survive a dump");
    assertEquals(45678, spec.gateway().port());
    assertEquals(InspectMode.HANG, spec.inspectMode());
    assertEquals(OnErrorStrategy.SKIP_HANDLE, spec.onErrorStrategy());
    PodSpec encoder = spec.pods().get(0);
    assertEquals(TAGGER, encoder.uses().name());
    assertEquals(16.0, encoder.with().get("dim"));
    assertEquals("./ws", encoder.with().get("workspace"));
    assertEquals(2, encoder.replicas());
    PodSpec indexer = spec.pods().get(1);
    assertEquals(3, indexer.shards());
    assertEquals(Polling.ALL, indexer.pollingFor(RequestType.SEARCH));
    assertEquals(Polling.ANY, indexer.pollingFor(RequestType.INDEX));
    assertEquals(Scheduling.ROUND_ROBIN, indexer.scheduling());
    assertEquals("_merge_matches_topk", indexer.usesAfter().name());
    assertEquals(Duration.ofMillis(1500), indexer.timeout());
    assertEquals(List.of("encoder"), indexer.needs());
    assertEquals(List.of("indexer", "side"), spec.pods().get(3).needs());
  }

  @Test
  void aShardPlaceholderInARemoteAddressIsReadAndDumpedAsWritten(@TempDir Path dir) {
    String yaml = String.join("\n", "jtype: Flow", "pods:", "  - name: indexer",
        "    uses: grpc://indexer-shard-{shard}:8081", "    shards: 2", "    uses_with: {remote_resolve_ms: 500}", "");
    PodSpec indexer = FlowYaml.parse(yaml, "flow.yml", dir).pods().get(0);
    assertEquals("grpc://indexer-shard-{shard}:8081", indexer.uses().name());
    assertEquals(500.0, ((Number) indexer.with().get("remote_resolve_ms")).doubleValue());
    FlowSpec again = FlowYaml.parse(FlowYaml.dump(FlowYaml.parse(yaml, "flow.yml", dir)), "dumped.yml", dir);
    assertEquals("grpc://indexer-shard-{shard}:8081", again.pods().get(0).uses().name());
  }

  @Test
  void aLoadedFlowRuns(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("flow.yml"), "jtype: Flow\npods:\n  - name: a\n    uses: " + TAGGER + "\n  - name: b\n    uses: " + TAGGER + "\n");
    try (Flow f = FlowYaml.flow(dir.resolve("flow.yml")).start()) {
      assertEquals(List.of("a", "b"), f.index(List.of(Document.ofText("x"))).get(0).docs().get(0).tags().get("path"));
    }
  }

  @Test
  void dumpWritesNonDefaultsAndReadsBackEqual() {
    FlowSpec spec = Flow.builder().name("round").prefetch(9).onErrorStrategy(OnErrorStrategy.THROW_EARLY)
        .add(PodSpec.builder("enc").uses(TAGGER).with("dim", 8).with("nested", java.util.Map.of("a", List.of(1, "x"))).replicas(2).build())
        .add(PodSpec.builder("idx").shards(2).polling(Polling.ALL).usesAfter("_merge_matches").timeout(Duration.ofSeconds(2))
            .maxQueue(7).maxQueueBytes(1L << 33).build())
        .inspect("eval", "_pass")
        .add(PodSpec.builder("side").needs("gateway").onErrorStrategy(OnErrorStrategy.IGNORE).build())
        .needs("j", List.of("idx", "side"))
        .spec();
    String yaml = FlowYaml.dump(spec);
    assertTrue(!yaml.contains("replicas: 1") && !yaml.contains("uses: _pass"), "defaults are left out:\n" + yaml);
    assertTrue(yaml.contains("max_queue: 7") && yaml.contains("max_queue_bytes: 8589934592"), yaml);
    assertTrue(!yaml.contains("max_queue: 1000"), "the default queue limit is left out:\n" + yaml);
    assertEquals(spec, FlowYaml.parse(yaml, "dumped", null), yaml);
  }

  @Test
  void aPodsShardIdIsReadAndDumpedBack() {
    FlowSpec spec = parse(String.join("\n", "jtype: Flow", "pods:", "  - name: a", "    uses: Indexer", "    shard_id: 3"));
    assertEquals(3, spec.pods().get(0).shardId());
    String yaml = FlowYaml.dump(spec);
    assertTrue(yaml.contains("shard_id: 3"), yaml);
    assertEquals(spec, FlowYaml.parse(yaml, "dumped", null), yaml);
    assertTrue(!FlowYaml.dump(parse(String.join("\n", "jtype: Flow", "pods:", "  - name: a"))).contains("shard_id"));
  }

  @Test
  void theWorkspaceAndReloadPathsAreReadAndDumpedBack() {
    FlowSpec spec = parse(String.join("\n", "jtype: Flow", "with:", "  workspace: ./data/flow", "  allow_reload_paths: true",
        "pods:", "  - name: a"));
    assertEquals(Path.of("./data/flow"), spec.workspace());
    assertTrue(spec.allowReloadPaths());
    String yaml = FlowYaml.dump(spec);
    assertTrue(yaml.contains("workspace: ./data/flow") && yaml.contains("allow_reload_paths: true"), yaml);
    assertEquals(spec, parse(yaml));
    String defaults = FlowYaml.dump(parse("pods:\n  - name: a\n"));
    assertTrue(!defaults.contains("workspace") && !defaults.contains("allow_reload_paths"), "defaults are left out:\n" + defaults);
    assertTrue(error("with:\n  allow_reload_paths: maybe\npods:\n  - name: a\n").contains("allow_reload_paths"));
  }

  @Test
  void gatewayOptionsAndSeveralProtocolsAreReadAndDumpedBack() {
    FlowSpec spec = parse(String.join("\n",
        "jtype: Flow",
        "with:",
        "  port_expose: [45678, 45679]", // before the protocols: the reader applies those first
        "  protocol: [grpc, websocket]",
        "gateway:",
        "  websocket:",
        "    cors: https://app.example",
        "    max_queued_bytes: 1048576",
        "    idle_timeout: 30s",
        "  grpc: {readiness_interval: 100}",
        "pods:",
        "  - name: a"));
    GatewayConfig g = spec.gateway();
    assertEquals(List.of("grpc", "websocket"), g.protocols());
    assertEquals(List.of(45678, 45679), g.ports());
    assertEquals(java.util.Map.of("websocket.cors", "https://app.example", "websocket.max_queued_bytes", "1048576",
        "websocket.idle_timeout", "30s", "grpc.readiness_interval", "100"), g.options());
    String yaml = FlowYaml.dump(spec);
    assertTrue(yaml.contains("gateway:\n  grpc:\n    readiness_interval: 100\n  websocket:\n") && yaml.contains("    max_queued_bytes: 1048576\n"),
        yaml);
    assertEquals(spec, parse(yaml), yaml);
    FlowSpec coded = Flow.builder().gateway(GatewayConfig.builder().protocol("websocket").port(5000)
        .option("websocket.cors", "").option("websocket.worker_threads", 12).build()).add("a").spec();
    assertEquals(coded, parse(FlowYaml.dump(coded)), "an empty text and a number survive too:\n" + FlowYaml.dump(coded));
  }

  @Test
  void jinasSingleProtocolKeysStillWork() {
    assertEquals(GatewayConfig.builder().protocol("websocket").port(45678).build(),
        parse("jtype: Flow\nwith: {restful: true, port_expose: 45678}\npods: []\n").gateway());
    assertEquals(GatewayConfig.builder().protocol("grpc").port(45678).build(),
        parse("jtype: Flow\nwith: {protocol: grpc, port: 45678}\npods: []\n").gateway());
    assertEquals(GatewayConfig.builder().protocol("grpc").build(), parse("jtype: Flow\nwith: {rest_api: false}\npods: []\n").gateway());
    assertEquals(GatewayConfig.defaults(), parse("jtype: Flow\npods: []\n").gateway());
    assertEquals("jtype: Flow\nversion: '1'\nwith:\n  protocol: grpc\n  port_expose: 45678\npods: []\n",
        FlowYaml.dump(parse("jtype: Flow\nwith: {protocol: grpc, port_expose: 45678}\npods: []\n")));
  }

  @Test
  void gatewaySectionErrorsNameTheLine() {
    String camel = error("jtype: Flow\ngateway:\n  websocket:\n    maxQueuedBytes: 1\npods: []\n");
    assertTrue(camel.contains("flow.yml line 4: invalid gateway configuration: option names are <transport>.<snake_case_name>"
        + " (e.g. websocket.max_queued_bytes), got 'websocket.maxQueuedBytes'"), camel);
    String notMapping = error("jtype: Flow\ngateway:\n  websocket: 5\npods: []\n");
    assertTrue(notMapping.contains("flow.yml line 3: 'gateway.websocket'"), notMapping);
    String both = error("jtype: Flow\nwith: {port: 1, port_expose: 2}\npods: []\n");
    assertTrue(both.contains("'port' (Jina 3) and 'port_expose'"), both);
    String tooMany = error("jtype: Flow\nwith: {protocol: grpc, port_expose: [1, 2]}\npods: []\n");
    assertTrue(tooMany.contains("flow.yml line 2:") && tooMany.contains("2 ports [1, 2] for one gateway"), tooMany);
  }

  @Test
  void aFactoryExecutorCannotBeDumped() {
    FlowException e = assertThrows(FlowException.class, () -> FlowYaml.dump(Flow.builder().add("lambda", () -> r -> { }).spec()));
    assertTrue(e.getMessage().contains("pod 'lambda' runs an executor made by Java code"), e.getMessage());
  }

  @Test
  void errorsNameTheFileTheLineAndTheKey() {
    assertTrue(error("jtype: Flow\npods:\n  - name: a\n    replicaz: 2\n")
        .contains("flow.yml line 4: unknown key 'replicaz' in a pod; known keys are ["), "unknown pod key");
    assertTrue(error("jtype: Flow\nwith:\n  prefetch: lots\npods: []\n").contains("flow.yml line 3: 'prefetch' must be a whole number, got 'lots'"));
    assertTrue(error("jtype: Flow\npods:\n  - name: a\n    polling: SOME\n").contains("flow.yml line 4: 'polling' must be one of [ANY, ALL], got 'SOME'"));
    assertTrue(error("jtype: Flow\npods:\n  - name: a\n    uses: $NOPE_NOT_SET\n").contains("flow.yml line 4: variable $NOPE_NOT_SET is not defined"));
    assertTrue(error("jtype: Flow\npods:\n  - name: a\n    replicas: 0\n").contains("flow.yml line 3: pod 'a': replicas must be at least 1, got 0"));
    assertTrue(error("jtype: Flow\npods: [\n").contains("flow.yml line"), "YAML syntax errors name the line");
    assertTrue(error("jtype: Flow\nversion: '2'\npods: []\n").contains("only version '1'"));
    assertTrue(error("jtype: Flow\nwith: {prefetch: 1, prefetch: 2}\npods: []\n").contains("key 'prefetch' appears twice"));
  }

  @Test
  void aMissingExecutorFileIsNamed() {
    String msg = assertThrows(FlowException.class, () -> FlowYaml.parse("jtype: Flow\npods:\n  - uses: nowhere.yml\n", "f.yml", Path.of("/tmp")))
        .getMessage();
    assertTrue(msg.contains("f.yml line 3: cannot read executor YAML /tmp/nowhere.yml"), msg);
  }
}

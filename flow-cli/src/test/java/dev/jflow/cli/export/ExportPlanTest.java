package dev.jflow.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.DynamicBatching;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.core.FlowYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportPlanTest {
  private static FlowSpec parse(String yaml) {
    return FlowYaml.parse(yaml, "flow.yml", Path.of("."));
  }

  @Test
  void podsWithClassesRunAsServicesAndBuiltInsRemotesAndInspectPodsStayInTheGateway() {
    FlowSpec spec = parse("jtype: Flow\npods:\n"
        + "  - name: encoder\n    uses: HashingTextEncoder\n    uses_with: {dim: 64}\n    replicas: 2\n"
        + "  - name: remote\n    uses: grpc://search.example:9000\n"
        + "  - name: pass\n"
        + "  - name: check\n    method: inspect\n    uses: _pass\n"
        + "  - name: merge\n    uses: _merge\n    needs: [remote]\n");
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);

    assertEquals(List.of("encoder"), plan.services().stream().map(ServicePlan::name).toList());
    ServicePlan encoder = plan.services().get(0);
    assertEquals(List.of("pod", "--name", "encoder", "--port-expose", "8081", "--uses", "HashingTextEncoder",
        "--uses-with", "{\"dim\":64}"), encoder.command());
    assertEquals(2, encoder.replicas());
    assertEquals("jflow:1.0", encoder.image());

    FlowSpec gateway = parse(plan.gatewayYaml());
    assertEquals("grpc://encoder:8081", gateway.pods().get(0).uses().name());
    assertEquals(2, gateway.pods().get(0).replicas(), "the gateway keeps a lane per replica");
    assertEquals("grpc://search.example:9000", gateway.pods().get(1).uses().name(), "a remote pod stays as it is");
    assertEquals("_pass", gateway.pods().get(2).uses().name());
    assertTrue(gateway.pods().stream().anyMatch(p -> p.inspect()), "the inspect pod stays in the gateway");
    assertEquals("_merge", gateway.pods().get(gateway.pods().size() - 1).uses().name());
    assertEquals(List.of("remote"), gateway.pods().get(gateway.pods().size() - 1).needs());
    assertEquals(60_000.0, ((Number) gateway.pods().get(0).with().get("remote_ready_ms")).doubleValue(),
        "the gateway waits for its pods as long as the Flow waits for any pod");
  }

  @Test
  void aShardedPodIsAServicePerShardReachedThroughTheShardPlaceholder() {
    FlowSpec spec = parse("jtype: Flow\npods:\n  - name: Vector_Indexer\n    uses: VectorIndexer\n    shards: 3\n    replicas: 2\n"
        + "    polling: ALL\n    uses_after: _merge_matches_topk\n    timeout: 5000\n");
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);

    assertEquals(List.of("vector-indexer-shard-0", "vector-indexer-shard-1", "vector-indexer-shard-2"),
        plan.services().stream().map(ServicePlan::name).toList());
    assertEquals(List.of(0, 1, 2), plan.services().stream().map(ServicePlan::shard).toList());
    assertTrue(plan.services().stream().allMatch(s -> s.replicas() == 2 && s.pod().equals("Vector_Indexer")));
    PodSpec gateway = parse(plan.gatewayYaml()).pods().get(0);
    assertEquals("grpc://vector-indexer-shard-{shard}:8081", gateway.uses().name());
    assertEquals(3, gateway.shards());
    assertEquals("_merge_matches_topk", gateway.usesAfter().name(), "the tail reduces the shards in the gateway");
    assertEquals(5000, gateway.timeout().toMillis());
  }

  @Test
  void serviceNamesAreDnsLabelsAndTwoPodsBecomingOneNameIsAnErrorNamingBoth() {
    assertEquals("encoder-1", DnsNames.label("Encoder__1"));
    assertEquals("pod-1st", DnsNames.label("1st"));
    assertEquals("pod", DnsNames.label("__"));
    String longName = "x".repeat(80);
    assertEquals(63, DnsNames.label(longName).length());
    FlowSpec sharded = parse("jtype: Flow\npods:\n  - name: " + longName + "\n    uses: VectorIndexer\n    shards: 12\n");
    ExportPlan plan = ExportPlan.of(sharded, "jflow:1.0", 8080);
    assertTrue(plan.services().stream().allMatch(s -> DnsNames.isLabel(s.name())), plan.services().toString());
    assertTrue(plan.services().get(11).name().endsWith("-shard-11"));

    FlowSpec clash = parse("jtype: Flow\npods:\n  - name: Enc_1\n    uses: HashingTextEncoder\n"
        + "  - name: enc-1\n    uses: HashingTextEncoder\n");
    FlowException e = assertThrows(FlowException.class, () -> ExportPlan.of(clash, "jflow:1.0", 8080));
    assertTrue(e.getMessage().contains("pod 'Enc_1' and pod 'enc-1' both become the service name 'enc-1'"), e.getMessage());

    FlowSpec gateway = parse("jtype: Flow\npods:\n  - name: GATEWAY\n    uses: HashingTextEncoder\n");
    FlowException g = assertThrows(FlowException.class, () -> ExportPlan.of(gateway, "jflow:1.0", 8080));
    assertTrue(g.getMessage().contains("the gateway and pod 'GATEWAY'"), g.getMessage());
  }

  @Test
  void aDockerPodRunsItsImageWithItsExecutorEnvironmentAndVolumes() {
    ContainerOptions c = ContainerOptions.builder().usesInternal("OcrExecutor").env("LANG", "en").volume("models:/models:ro").build();
    FlowSpec spec = Flow.builder().add(PodSpec.builder("ocr").uses("docker://acme/ocr:1.2").container(c).with("lang", "en")
        .replicas(3).build()).spec();
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);

    ServicePlan ocr = plan.services().get(0);
    assertEquals("acme/ocr:1.2", ocr.image());
    assertEquals(List.of("pod", "--name", "ocr", "--port-expose", "8081", "--uses", "OcrExecutor", "--uses-with",
        "{\"lang\":\"en\"}"), ocr.command());
    assertEquals(Map.of("LANG", "en"), ocr.env());
    assertEquals(List.of("models:/models:ro"), ocr.volumes());
    assertEquals(3, ocr.replicas());
    PodSpec gateway = parse(plan.gatewayYaml()).pods().get(0);
    assertEquals("grpc://ocr:8081", gateway.uses().name());
    assertTrue(gateway.container().isDefault(), "the gateway reaches the container; it starts none");

    FlowSpec own = Flow.builder().add(PodSpec.builder("ocr").uses("docker://acme/ocr").build()).spec();
    assertFalse(ExportPlan.of(own, "jflow:1.0", 8080).services().get(0).command().contains("--uses"),
        "without uses_internal the image's own executor (JFLOW_USES) serves");
  }

  @Test
  void theGatewayServesItsPortsOnEveryInterfaceAndCannotTakeTlsFilesAlong() {
    FlowSpec spec = parse("jtype: Flow\nwith:\n  host: 127.0.0.1\n  protocol: [grpc, websocket]\n  port_expose: [0, 9001]\n"
        + "pods:\n  - name: encoder\n    uses: HashingTextEncoder\n");
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 9000);
    assertEquals(List.of(9000, 9001), plan.ports());
    assertEquals(List.of("grpc", "websocket"), plan.protocols());
    FlowSpec gateway = parse(plan.gatewayYaml());
    assertEquals("0.0.0.0", gateway.gateway().host());
    assertEquals(List.of(9000, 9001), gateway.gateway().ports());
    assertEquals(List.of("flow", "--uses", "/jflow/flow.yml", "--port-expose", "9000,9001", "--host", "0.0.0.0"), plan.gatewayCommand());

    FlowSpec clash = parse("jtype: Flow\nwith:\n  protocol: [grpc, websocket]\n  port_expose: [0, 9000]\npods:\n  - name: a\n");
    FlowException e = assertThrows(FlowException.class, () -> ExportPlan.of(clash, "jflow:1.0", 9000));
    assertTrue(e.getMessage().contains("must be distinct"), e.getMessage());

    FlowSpec inprocess = parse("jtype: Flow\nwith:\n  protocol: inprocess\npods:\n  - name: a\n");
    FlowException i = assertThrows(FlowException.class, () -> ExportPlan.of(inprocess, "jflow:1.0", 8080));
    assertTrue(i.getMessage().contains("speaks inprocess"), i.getMessage());

    FlowSpec tls = spec.toBuilder().gateway(spec.gateway().toBuilder()
        .tls(dev.jflow.api.TlsConfig.server(Path.of("/etc/cert.pem"), Path.of("/etc/key.pem"))).build()).build();
    FlowException t = assertThrows(FlowException.class, () -> ExportPlan.of(tls, "jflow:1.0", 8080));
    assertTrue(t.getMessage().contains("remove its tls"), t.getMessage());
  }

  @Test
  void secretsAndFilesOfThisMachineAreRefusedNamingTheSettingAndWhatToDo(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path tokens = java.nio.file.Files.writeString(dir.resolve("tokens"), "0123456789abcdef0123456789abcdef\n");
    FlowSpec auth = parse("jtype: Flow\nwith:\n  auth:\n    data_tokens_file: " + tokens + "\npods:\n  - name: a\n    uses: HashingTextEncoder\n");
    FlowException a = assertThrows(FlowException.class, () -> ExportPlan.of(auth, "jflow:1.0", 8080));
    assertTrue(a.getMessage().contains("auth tokens") && a.getMessage().contains("data_tokens_file")
        && a.getMessage().contains("by hand"), a.getMessage());

    FlowSpec token = parse("jtype: Flow\npods:\n  - name: remote\n    uses: grpc://search.example:9000\n    token_env: POD_TOKEN\n");
    FlowException t = assertThrows(FlowException.class, () -> ExportPlan.of(token, "jflow:1.0", 8080));
    assertTrue(t.getMessage().contains("pod 'remote'") && t.getMessage().contains("POD_TOKEN")
        && t.getMessage().contains("token_file/token_env") && t.getMessage().contains("by hand"), t.getMessage());

    FlowSpec tls = parse("jtype: Flow\npods:\n  - name: remote\n    uses: grpc://search.example:9000\n").toBuilder()
        .pods(List.of(PodSpec.builder("remote").uses("grpc://search.example:9000")
            .tls(dev.jflow.api.TlsConfig.client(Path.of("/etc/ca.pem"))).build())).build();
    FlowException l = assertThrows(FlowException.class, () -> ExportPlan.of(tls, "jflow:1.0", 8080));
    assertTrue(l.getMessage().contains("pod 'remote'") && l.getMessage().contains("remove its tls"), l.getMessage());
  }

  @Test
  void theGatewayBatchesAndSendsEachBatchToAServiceThatDoesNotBatchAgain() {
    FlowSpec spec = parse("jtype: Flow\npods:\n  - name: enc\n    uses: HashingTextEncoder\n"
        + "    dynamic_batching: {preferred_batch_size: 32, timeout_ms: 5}\n");
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);
    List<String> command = plan.services().get(0).command();
    assertTrue(command.stream().noneMatch(a -> a.startsWith("--dynamic-batching")),
        "the gateway hands the service one request at a time: a batcher there would never see two: " + command);
    assertEquals(DynamicBatching.builder().preferredBatchSize(32).timeout(java.time.Duration.ofMillis(5)).build(),
        plan.gatewayFlow().pods().get(0).dynamicBatching(), "the gateway's remote pod batches");
  }

  @Test
  void aPodServingOneShardOfAPodShardedElsewhereKeepsItsShardInItsService() {
    FlowSpec spec = parse("jtype: Flow\npods:\n  - name: part\n    uses: VectorIndexer\n    shard_id: 3\n");
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);
    List<String> command = plan.services().get(0).command();
    assertEquals(List.of("--shard-id", "3"), command.subList(command.size() - 2, command.size()));
    assertEquals(0, plan.gatewayFlow().pods().get(0).shardId(), "the gateway only reaches the service");
  }
}

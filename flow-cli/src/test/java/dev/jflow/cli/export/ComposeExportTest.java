package dev.jflow.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.core.FlowYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class ComposeExportTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @Test
  void aServicePerPodAndShardWithReplicasHealthChecksAndTheGatewayReachingThemByName(@TempDir Path dir) throws Exception {
    Path flow = ExportRun.flowFile(dir, ExportRun.FLOW);
    Path out = dir.resolve("out/compose");
    ExportRun run = ExportRun.export("compose", flow.toString(), "--out", out.toString(), "--image", "jflow:test");
    assertEquals(0, run.status(), run.err());
    assertEquals(List.of(out.resolve("docker-compose.yml").toString(), out.resolve("flow.gateway.yml").toString()),
        run.out().lines().toList(), "the paths written, one a line");

    Map<String, Object> compose = new Yaml().load(Files.readString(out.resolve("docker-compose.yml")));
    assertEquals("3.8", compose.get("version"));
    Map<String, Object> services = map(compose.get("services"));
    assertEquals(List.of("encoder", "indexer-shard-0", "indexer-shard-1", "gateway"), new ArrayList<>(services.keySet()),
        "the built-in join stays in the gateway");

    Map<String, Object> encoder = map(services.get("encoder"));
    assertEquals("jflow:test", encoder.get("image"));
    assertEquals(List.of("pod", "--name", "encoder", "--port-expose", "8081", "--uses", "HashingTextEncoder", "--uses-with",
        "{\"dim\":64}"), encoder.get("command"));
    assertEquals(Map.of("replicas", 2, "endpoint_mode", "dnsrr"), encoder.get("deploy"));
    assertEquals(Map.of("dev.jflow.flow", "Search Demo", "dev.jflow.pod", "encoder"), encoder.get("labels"));
    Map<String, Object> health = map(encoder.get("healthcheck"));
    List<Object> test = list(health.get("test"));
    assertEquals(List.of("CMD", "/jre/bin/java"), test.subList(0, 2), "the image has no shell");
    assertEquals(List.of("dev.jflow.cli.Main", "ping", "--host", "127.0.0.1", "--port-expose", "8081"), test.subList(test.size() - 6, test.size()));
    assertEquals(List.of("10s", "20s", 3, "60s"), List.of(health.get("interval"), health.get("timeout"), health.get("retries"),
        health.get("start_period")));

    for (int shard = 0; shard < 2; shard++) {
      Map<String, Object> s = map(services.get("indexer-shard-" + shard));
      assertEquals(List.of("pod", "--name", "indexer", "--port-expose", "8081", "--uses", "VectorIndexer", "--shard-id",
          Integer.toString(shard)), s.get("command"), "each shard's container serves its own shard");
      assertEquals(1, map(s.get("deploy")).get("replicas"));
      assertEquals(Integer.toString(shard), map(s.get("labels")).get("dev.jflow.shard"));
    }

    Map<String, Object> gateway = map(services.get("gateway"));
    assertEquals("jflow:test", gateway.get("image"));
    assertEquals(List.of("flow", "--uses", "/jflow/flow.yml", "--port-expose", "8080", "--host", "0.0.0.0"), gateway.get("command"));
    assertEquals(List.of(Map.of("target", 8080, "published", 8080, "protocol", "tcp", "mode", "host")), gateway.get("ports"));
    assertEquals(List.of("encoder", "indexer-shard-0", "indexer-shard-1"), gateway.get("depends_on"));
    assertEquals(Map.of("replicas", 1, "endpoint_mode", "dnsrr"), gateway.get("deploy"));
    List<Object> gatewayTest = list(map(gateway.get("healthcheck")).get("test"));
    assertEquals("8080", gatewayTest.get(gatewayTest.size() - 1));
    Map<String, Object> secret = map(list(gateway.get("secrets")).get(0));
    assertEquals("/jflow/flow.yml", secret.get("target"));
    assertEquals(Map.of("file", "./flow.gateway.yml"), map(compose.get("secrets")).get(secret.get("source")));

    FlowSpec served = FlowYaml.parse(Files.readString(out.resolve("flow.gateway.yml")), "flow.gateway.yml", out);
    assertEquals("Search Demo", served.name());
    assertEquals(List.of(8080), served.gateway().ports());
    PodSpec e = served.pods().get(0);
    assertEquals("grpc://encoder:8081", e.uses().name());
    assertEquals(2, e.replicas());
    PodSpec indexer = served.pods().get(1);
    assertEquals("grpc://indexer-shard-{shard}:8081", indexer.uses().name());
    assertEquals(2, indexer.shards());
    assertEquals(Polling.ALL, indexer.pollingFor(RequestType.SEARCH));
    assertEquals("_merge_matches_topk", indexer.usesAfter().name());
    assertEquals("_merge", served.pods().get(2).uses().name());
    assertEquals(List.of("indexer"), served.pods().get(2).needs());
  }

  @Test
  void theGatewayPortIsTheOptionsElseTheYamlsElse8080AndTheImageDefaultsToThisVersion(@TempDir Path dir) throws Exception {
    Path withPort = ExportRun.flowFile(dir, ExportRun.FLOW.replace("  name: Search Demo\n", "  name: Search Demo\n  port_expose: 45678\n"));
    assertEquals(0, ExportRun.export("compose", withPort.toString(), "--out", dir.resolve("a").toString()).status());
    Map<String, Object> a = map(map(new Yaml().<Map<String, Object>>load(Files.readString(dir.resolve("a/docker-compose.yml")))
        .get("services")).get("gateway"));
    assertEquals(45678, map(list(a.get("ports")).get(0)).get("published"));
    assertTrue(((String) a.get("image")).matches("jflow:[0-9]+\\.[0-9]+\\.[0-9]+.*"), "jflow:<version>, got " + a.get("image"));

    assertEquals(0, ExportRun.export("compose", withPort.toString(), "--out", dir.resolve("b").toString(), "--port", "9000").status());
    String b = Files.readString(dir.resolve("b/docker-compose.yml"));
    assertTrue(b.contains("published: 9000"), b);
    assertFalse(b.contains("45678"), b);
    assertEquals(9000, FlowYaml.parse(Files.readString(dir.resolve("b/flow.gateway.yml")), "gw", dir).gateway().port());
  }

  @Test
  void aRestfulGatewayIsCheckedOverItsOwnProtocol(@TempDir Path dir) throws Exception {
    Path flow = ExportRun.flowFile(dir, ExportRun.FLOW.replace("  name: Search Demo\n", "  name: Search Demo\n  protocol: websocket\n"));
    assertEquals(0, ExportRun.export("compose", flow.toString(), "--out", dir.toString()).status());
    Map<String, Object> gateway = map(map(new Yaml().<Map<String, Object>>load(Files.readString(dir.resolve("docker-compose.yml")))
        .get("services")).get("gateway"));
    List<Object> test = list(map(gateway.get("healthcheck")).get("test"));
    assertEquals(List.of("--port-expose", "8080", "--protocol", "websocket"), test.subList(test.size() - 4, test.size()));
    assertEquals(List.of("websocket"), FlowYaml.parse(Files.readString(dir.resolve("flow.gateway.yml")), "gw", dir).gateway().protocols());
  }

  @Test
  void aDockerPodRunsItsImageAndItsNamedVolumesAreDeclared(@TempDir Path dir) throws Exception {
    ContainerOptions c = ContainerOptions.builder().usesInternal("OcrExecutor").env("LANG", "en").volume("ocr-models:/models:ro")
        .volume("/srv/cache:/cache").build();
    FlowSpec spec = Flow.builder().add(PodSpec.builder("ocr").uses("docker://acme/ocr:1.2").container(c).build()).spec();
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);
    Files.writeString(dir.resolve(ComposeFile.FILE), YamlText.of(ComposeFile.of(plan)));
    Files.writeString(dir.resolve(ComposeFile.GATEWAY_FLOW), plan.gatewayYaml());

    Map<String, Object> compose = new Yaml().load(Files.readString(dir.resolve(ComposeFile.FILE)));
    Map<String, Object> ocr = map(map(compose.get("services")).get("ocr"));
    assertEquals("acme/ocr:1.2", ocr.get("image"));
    assertEquals(Map.of("LANG", "en"), ocr.get("environment"));
    assertEquals(List.of("ocr-models:/models:ro", "/srv/cache:/cache"), ocr.get("volumes"));
    assertEquals(Map.of("ocr-models", Map.of()), compose.get("volumes"), "Compose wants named volumes declared");
    if (Files.isExecutable(Path.of("/usr/bin/docker-compose"))) {
      ExportRun config = ExportRun.process(dir, "/usr/bin/docker-compose", "-f", ComposeFile.FILE, "config");
      assertEquals(0, config.status(), config.out());
    }
  }

  @Test
  void dockerComposeAndSwarmAcceptTheFile(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
        "skipped: /usr/bin/docker-compose is missing (scripts install it with Docker)");
    Path flow = ExportRun.flowFile(dir, ExportRun.FLOW);
    assertEquals(0, ExportRun.export("compose", flow.toString(), "--out", dir.toString()).status());
    ExportRun compose = ExportRun.process(dir, "/usr/bin/docker-compose", "-f", "docker-compose.yml", "config");
    assertEquals(0, compose.status(), compose.out() + compose.err());
    assertFalse(compose.out().contains("will be ignored"), "docker-compose uses every key: " + compose.out());
    assertTrue(compose.out().contains("target: /jflow/flow.yml"), compose.out());
    // the stack's schema (Swarm), checked by the docker CLI without a swarm
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker")), "skipped the Swarm check: no docker CLI");
    ExportRun stack = ExportRun.process(dir, "docker", "stack", "config", "-c", "docker-compose.yml");
    Assumptions.assumeFalse(stack.out().contains("unknown command") || stack.out().contains("is not a docker command"),
        "skipped the Swarm check: this docker CLI has no `docker stack config`");
    assertEquals(0, stack.status(), stack.out() + stack.err());
    assertTrue(stack.out().contains("endpoint_mode: dnsrr"), stack.out());
  }

  @Test
  void dollarsReachTheContainersAsWritten(@TempDir Path dir) throws Exception {
    ContainerOptions c = ContainerOptions.builder().env("PASSWORD", "p$ss").volume("/srv/$data:/data").build();
    FlowSpec spec = Flow.builder().add(PodSpec.builder("grep").uses("docker://acme/grep:1").container(c).with("re", "^a$")
        .build()).spec();
    ExportPlan plan = ExportPlan.of(spec, "jflow:1.0", 8080);
    Files.writeString(dir.resolve(ComposeFile.FILE), YamlText.of(ComposeFile.of(plan)));
    Files.writeString(dir.resolve(ComposeFile.GATEWAY_FLOW), plan.gatewayYaml());

    Map<String, Object> grep = map(map(new Yaml().<Map<String, Object>>load(Files.readString(dir.resolve(ComposeFile.FILE)))
        .get("services")).get("grep"));
    assertTrue(list(grep.get("command")).contains("{\"re\":\"^a$$\"}"), "Compose reads $$ as $: " + grep.get("command"));
    assertEquals(Map.of("PASSWORD", "p$$ss"), grep.get("environment"));
    assertEquals(List.of("/srv/$$data:/data"), grep.get("volumes"));
    assertTrue(plan.gatewayYaml().contains("^a$") || !plan.gatewayYaml().contains("$$"), "the secret's file is not interpolated");

    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
        "skipped the docker-compose check: /usr/bin/docker-compose is missing (scripts install it with Docker)");
    ExportRun config = ExportRun.process(dir, "/usr/bin/docker-compose", "-f", ComposeFile.FILE, "config");
    assertEquals(0, config.status(), config.out());
    assertFalse(config.out().contains("Invalid interpolation"), config.out());
    assertTrue(config.out().contains("p$$ss") || config.out().contains("p$ss"), "not cut at the $: " + config.out());
  }
}

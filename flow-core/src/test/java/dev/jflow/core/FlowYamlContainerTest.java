package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods in containers in Flow YAML ({@code uses: docker://IMAGE} with uses_internal, env, volumes, network), and without an engine. */
class FlowYamlContainerTest {

  @Test
  void readsAndWritesAContainerizedPod(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("flow.yml"), String.join("\n",
        "jtype: Flow",
        "pods:",
        "  - name: encoder",
        "    uses: docker://jflow/encoders:1.2",
        "    uses_internal: HashingTextEncoder",
        "    uses_with: {dim: 64}",
        "    replicas: 2",
        "    env: {MODE: fast, THREADS: 4}",
        "    volumes: [./models:/models:ro, cache:/cache]",
        "    network: backend",
        "  - name: indexer",
        "    uses: VectorIndexer",
        ""));
    FlowSpec spec = FlowYaml.load(file);
    PodSpec encoder = spec.pods().get(0);
    assertTrue(encoder.isContainerized());
    assertEquals(ContainerOptions.builder().usesInternal("HashingTextEncoder").env(Map.of("MODE", "fast", "THREADS", "4"))
        .volumes(List.of(dir.resolve("models") + ":/models:ro", "cache:/cache")).network("backend").build(), encoder.container(),
        "a relative volume is relative to the file");
    String written = FlowYaml.dump(spec);
    assertTrue(written.contains("uses_internal: HashingTextEncoder") && written.contains("network: backend"), written);
    assertEquals(spec, FlowYaml.parse(written, "written", dir), "the written YAML reads back the same");
  }

  @Test
  void containerKeysOnAPodThatRunsHereAreAnErrorNamingTheLine() {
    FlowException e = assertThrows(FlowException.class, () -> FlowYaml.parse(String.join("\n",
        "jtype: Flow",
        "pods:",
        "  - name: local",
        "    uses: _pass",
        "    network: backend",
        ""), "flow.yml", null));
    assertTrue(e.getMessage().contains("flow.yml") && e.getMessage().contains("line 3")
        && e.getMessage().contains("uses(\"docker://IMAGE[:TAG]\")"), e.getMessage());
  }

  @Test
  void withoutAnEngineTheFlowIsRefusedWhenBuiltNamingTheModuleToAdd() {
    FlowException e = assertThrows(FlowException.class, () -> Flow.builder().name("no-engine")
        .add(PodSpec.builder("encoder").uses("docker://jflow/encoders:1").replicas(2).build()).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("pod 'encoder' uses docker://jflow/encoders:1, but no container engine 'docker' is on the "
        + "class path: add dev.jflow:engine-docker"), e.getMessage());
  }
}

package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.DynamicBatching;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DynamicBatchingYamlTest {
  private static FlowSpec parse(String yaml) {
    return FlowYaml.parse(yaml, "flow.yml", null);
  }

  private static String error(String pod) {
    return assertThrows(FlowException.class, () -> parse("jtype: Flow\npods:\n  - name: enc\n" + pod)).getMessage();
  }

  @Test
  void aPodsDynamicBatchingIsReadAndWrittenBack() {
    FlowSpec spec = parse("jtype: Flow\npods:\n  - name: enc\n    uses: Encoder\n"
        + "    dynamic_batching: {preferred_batch_size: 32, timeout_ms: 25}\n  - name: idx\n    uses: Indexer\n");
    assertEquals(DynamicBatching.builder().preferredBatchSize(32).timeout(Duration.ofMillis(25)).build(),
        spec.pods().get(0).dynamicBatching());
    assertNull(spec.pods().get(1).dynamicBatching(), "none by default");
    String yaml = FlowYaml.dump(spec);
    assertTrue(yaml.contains("dynamic_batching:") && yaml.contains("preferred_batch_size: 32") && yaml.contains("timeout_ms: 25"), yaml);
    assertEquals(spec, FlowYaml.parse(yaml, "dumped", null), yaml);

    FlowSpec defaults = parse("jtype: Flow\npods:\n  - name: enc\n    dynamic_batching:\n      preferred_batch_size: 8\n");
    assertEquals(Duration.ofMillis(10), defaults.pods().get(0).dynamicBatching().timeout(), "10 ms by default");
    assertTrue(!FlowYaml.dump(defaults).contains("timeout_ms"), "the default timeout is left out");
    FlowSpec coded = Flow.builder().add(PodSpec.builder("enc").dynamicBatching(
        DynamicBatching.builder().preferredBatchSize(4).timeout(Duration.ZERO).build()).build()).spec();
    assertEquals(coded, FlowYaml.parse(FlowYaml.dump(coded), "dumped", null));
  }

  @Test
  void mistakesNameTheLineAndTheValue() {
    assertTrue(error("    dynamic_batching: {timeout_ms: 5}\n").contains(
        "flow.yml line 4: dynamic batching: preferredBatchSize (preferred_batch_size) is required"), "required");
    assertTrue(error("    dynamic_batching: {preferred_batch_size: 0}\n").contains(
        "flow.yml line 4: dynamic batching: preferredBatchSize (preferred_batch_size) must be 1 to 65536, got 0"), "zero is no default");
    assertTrue(error("    dynamic_batching: {preferred_batch_size: 8, timeout_ms: -1}\n").contains(
        "flow.yml line 4: dynamic batching: timeout (timeout_ms) must be 0 to 60000 ms, got -1 ms"));
    assertTrue(error("    dynamic_batching: {preferred_batch_size: lots}\n").contains(
        "flow.yml line 4: 'dynamic_batching.preferred_batch_size' must be a whole number, got 'lots'"));
    String unknown = error("    dynamic_batching:\n      size: 8\n");
    assertTrue(unknown.contains("flow.yml line 5: unknown key 'size'") && unknown.contains("preferred_batch_size"), unknown);
    assertTrue(error("    dynamic_batching: 8\n").contains("flow.yml line 4: 'dynamic_batching' must be a mapping"));
  }
}

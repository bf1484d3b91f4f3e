package dev.jflow.core.internal.yaml;

import dev.jflow.api.DynamicBatching;
import dev.jflow.api.FlowException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/** A pod's {@code dynamic_batching:} mapping: {@code preferred_batch_size} (required) and {@code timeout_ms}. */
final class DynamicBatchingYaml {
  static final String KEY = "dynamic_batching";
  static final Set<String> KEYS = new TreeSet<>(List.of("preferred_batch_size", "timeout_ms"));

  private DynamicBatchingYaml() {}

  static DynamicBatching read(YamlDoc doc, Node node) {
    Map<String, Node> m = doc.mapping(node, "'" + KEY + "'", KEYS);
    DynamicBatching.Builder b = DynamicBatching.builder();
    if (m.containsKey("preferred_batch_size")) {
      b.preferredBatchSize(doc.integer(m.get("preferred_batch_size"), KEY + ".preferred_batch_size"));
    }
    if (m.containsKey("timeout_ms")) {
      b.timeout(Duration.ofMillis(doc.longInteger(m.get("timeout_ms"), KEY + ".timeout_ms")));
    }
    try {
      return b.build();
    } catch (FlowException e) {
      throw doc.error(node, e.status().description());
    }
  }

  static Map<String, Object> write(DynamicBatching batching) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preferred_batch_size", batching.preferredBatchSize());
    if (!batching.timeout().equals(DynamicBatching.DEFAULT_TIMEOUT)) {
      m.put("timeout_ms", batching.timeout().toMillis());
    }
    return m;
  }
}

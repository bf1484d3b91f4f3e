package dev.jflow.core.internal.yaml;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.PodSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The keys of a pod that runs in containers ({@code uses: docker://IMAGE}): {@code uses_internal} (the
 * executor the container serves), {@code env} (a mapping), {@code volumes} (a list of
 * {@code SOURCE:/TARGET[:ro|rw]}; a source starting with {@code ./} or {@code ../} is relative to the YAML
 * file) and {@code network}.
 */
final class ContainerYaml {
  static final Set<String> KEYS = new TreeSet<>(List.of("uses_internal", "env", "volumes", "network"));

  private ContainerYaml() {}

  /** The container options among pod {@code p}'s keys, or null when it has none. */
  static ContainerOptions read(YamlDoc doc, Map<String, Node> p, Path baseDir) {
    if (p.keySet().stream().noneMatch(KEYS::contains)) {
      return null;
    }
    ContainerOptions.Builder b = ContainerOptions.builder();
    if (p.containsKey("uses_internal")) {
      b.usesInternal(doc.string(p.get("uses_internal"), "uses_internal"));
    }
    if (p.containsKey("env")) {
      doc.mapping(p.get("env"), "the pod's 'env'", null).forEach((k, v) -> b.env(k, doc.string(v, "env." + k)));
    }
    if (p.containsKey("volumes")) {
      doc.strings(p.get("volumes"), "volumes").forEach(v -> b.volume(relative(v, baseDir)));
    }
    if (p.containsKey("network")) {
      b.network(doc.string(p.get("network"), "network"));
    }
    return b.build();
  }

  private static String relative(String volume, Path baseDir) {
    if (baseDir == null || !(volume.startsWith("./") || volume.startsWith("../"))) {
      return volume;
    }
    int colon = volume.indexOf(':');
    String source = colon < 0 ? volume : volume.substring(0, colon);
    return baseDir.resolve(source).normalize() + (colon < 0 ? "" : volume.substring(colon));
  }

  /** Adds {@code p}'s container options to its YAML mapping {@code m}, those that are not defaults. */
  static void write(PodSpec p, Map<String, Object> m) {
    ContainerOptions c = p.container();
    if (c.usesInternal() != null) {
      m.put("uses_internal", c.usesInternal());
    }
    if (!c.env().isEmpty()) {
      m.put("env", new LinkedHashMap<>(c.env()));
    }
    if (!c.volumes().isEmpty()) {
      m.put("volumes", c.volumes());
    }
    if (c.network() != null) {
      m.put("network", c.network());
    }
  }
}

package dev.jflow.core.internal.yaml;

import dev.jflow.api.ExecutorRef;
import dev.jflow.api.JsonMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * An executor YAML file: {@code jtype} (one of our executors by short name, e.g. {@code VectorIndexer},
 * or a class by its fully qualified name), {@code with} (its arguments) and {@code metas}
 * ({@code name}, {@code workspace}, passed to the executor as the arguments of the same names).
 *
 * @param uses the executor
 * @param with its arguments, metas included
 */
record ExecutorYaml(ExecutorRef uses, JsonMap with) {
  private static final Set<String> KEYS = Set.of("jtype", "with", "metas");
  private static final Set<String> METAS = Set.of("name", "workspace", "py_modules", "description");

  static ExecutorYaml read(YamlDoc doc, Node root) {
    Map<String, Node> top = doc.mapping(root, "the executor", KEYS);
    Node jtype = top.get("jtype");
    if (jtype == null) {
      throw doc.error(root, "an executor needs 'jtype': one of our executors (e.g. VectorIndexer) or a class name");
    }
    JsonMap with = new JsonMap();
    if (top.containsKey("with")) {
      doc.mapping(top.get("with"), "'with'", null).forEach((k, v) -> with.put(k, doc.plain(v, "with." + k)));
    }
    if (top.containsKey("metas")) {
      doc.mapping(top.get("metas"), "'metas'", METAS).forEach((k, v) -> {
        if (k.equals("name") || k.equals("workspace")) {
          with.put(k, doc.string(v, "metas." + k));
        }
      });
    }
    return new ExecutorYaml(ExecutorRef.named(doc.string(jtype, "jtype")), with);
  }
}

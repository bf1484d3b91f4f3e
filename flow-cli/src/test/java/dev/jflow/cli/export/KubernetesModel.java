package dev.jflow.cli.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads manifests into fabric8's Kubernetes model, strictly: a field the model does not know fails, though
 * the model itself would keep it aside (its {@code additionalProperties}), as would a typo'd key on a cluster
 * that ignores unknown fields.
 */
final class KubernetesModel {
  private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class, "Service",
      Service.class, "ConfigMap", ConfigMap.class, "Namespace", Namespace.class);

  private KubernetesModel() {}

  /** Every document of {@code yaml} ({@code source} names it in errors) as a model object. */
  static List<HasMetadata> read(String yaml, String source) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(yaml)) {
      Map<?, ?> m = (Map<?, ?>) doc;
      Class<? extends HasMetadata> type = KINDS.get(String.valueOf(m.get("kind")));
      if (type == null) {
        throw new AssertionError(source + ": a " + m.get("kind") + ", which the export does not write");
      }
      HasMetadata object = MAPPER.convertValue(m, type);
      known(object, source + ": " + m.get("kind"));
      objects.add(object);
    }
    return objects;
  }

  /** Fails naming the path of any field the model kept aside as unknown. */
  static void known(Object o, String path) {
    if (o instanceof List) {
      List<?> l = (List<?>) o;
      for (int i = 0; i < l.size(); i++) {
        known(l.get(i), path + "[" + i + "]");
      }
      return;
    }
    if (o instanceof Map) {
      ((Map<?, ?>) o).forEach((k, v) -> known(v, path + "." + k));
      return;
    }
    if (o == null || !o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")) {
        continue;
      }
      Object v;
      try {
        v = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(path + ": " + m.getName() + " failed", e);
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (v instanceof Map && !((Map<?, ?>) v).isEmpty()) {
          throw new AssertionError(path + " has fields Kubernetes does not know: " + ((Map<?, ?>) v).keySet());
        }
      } else if (v instanceof List || v instanceof Map || (v != null && v.getClass().getName().startsWith("io.fabric8."))) {
        known(v, path + "." + m.getName().substring(3, 4).toLowerCase(java.util.Locale.ROOT) + m.getName().substring(4));
      }
    }
  }
}

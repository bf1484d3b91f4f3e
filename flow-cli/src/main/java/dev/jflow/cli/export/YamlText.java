package dev.jflow.cli.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The one YAML writer of the exports: plain maps, lists and scalars in block style, strings that would
 * read back as something else quoted, multi-line strings as literal blocks, and never an anchor.
 */
final class YamlText {
  private YamlText() {}

  /** {@code doc} as one YAML document. */
  static String of(Map<String, ?> doc) {
    return yaml().dump(copy(doc));
  }

  /** {@code docs} as a stream of YAML documents separated by {@code ---}. */
  static String all(List<? extends Map<String, ?>> docs) {
    StringBuilder b = new StringBuilder();
    for (Map<String, ?> doc : docs) {
      if (b.length() > 0) {
        b.append("---\n");
      }
      b.append(of(doc));
    }
    return b.toString();
  }

  /** A map of {@code keysAndValues} (key, value, key, value...) in that order: how the files read best. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Yaml yaml() {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setIndicatorIndent(2);
    o.setIndentWithIndicator(true);
    o.setWidth(Integer.MAX_VALUE); // long command lines stay on one line
    return new Yaml(new LiteralStrings(o), o);
  }

  /**
   * A deep copy, so that no map or list appears twice (SnakeYAML would write an anchor and an alias); maps
   * without an order of their own ({@code Map.of}) are sorted by key, so that the same input gives the same text.
   */
  private static Object copy(Object v) {
    if (v instanceof Map) {
      boolean ordered = v instanceof LinkedHashMap || v instanceof java.util.SortedMap;
      Map<String, Object> m = ordered ? new LinkedHashMap<>() : new java.util.TreeMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), copy(x)));
      return m;
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      ((List<?>) v).forEach(x -> l.add(copy(x)));
      return l;
    }
    return v;
  }

  /** Writes strings with line breaks as literal blocks ({@code |}), the others as SnakeYAML does. */
  private static final class LiteralStrings extends Representer {
    LiteralStrings(DumperOptions o) {
      super(o);
      Represent plain = representers.get(String.class);
      representers.put(String.class, data -> ((String) data).contains("\n")
          ? representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.LITERAL)
          : plain.representData(data));
    }
  }
}

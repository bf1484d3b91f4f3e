package dev.jflow.core.internal.yaml;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * A YAML document read as nodes, so that every error names the source and line. Strings get
 * {@code $VAR} / {@code ${VAR}} substitution from the given variables, then the environment; an
 * undefined variable is an error. Hostile input is bounded: the text's size, its nesting, how many
 * times a list or mapping may be repeated through an alias, and how many values aliases may expand to.
 */
final class YamlDoc {
  // $NAME or ${NAME}, not inside a word (so nested class names such as Outer$Inner stay as written)
  private static final Pattern VAR = Pattern.compile("(?<![A-Za-z0-9_])\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

  static final int MAX_CODE_POINTS = 1024 * 1024;
  static final int MAX_NESTING = 50;
  static final int MAX_COLLECTION_ALIASES = 20;
  // values plain() may build for the whole document; a Flow file has tens, a billion-laughs file has 2^n
  static final int MAX_PLAIN_VALUES = 100_000;

  private final String source;
  private final Map<String, String> vars = new LinkedHashMap<>();
  private final Set<Node> expanding = Collections.newSetFromMap(new IdentityHashMap<>());
  private int plainValues;

  YamlDoc(String source) {
    this.source = source;
  }

  /** Parses {@code text}; a YAML syntax error names the line, a character the reader refuses names its position. */
  Node parse(String text) {
    LoaderOptions limits = new LoaderOptions();
    limits.setCodePointLimit(MAX_CODE_POINTS);
    limits.setNestingDepthLimit(MAX_NESTING);
    limits.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    limits.setAllowRecursiveKeys(false);
    try {
      Node root = new Yaml(limits).compose(new StringReader(text));
      if (root == null) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, source + ": the file is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new FlowException(Status.Code.INVALID_ARGUMENT, source + " line " + line + ": invalid YAML: " + e.getProblem(), e);
    } catch (ReaderException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, source + " position " + e.getPosition() + ": invalid YAML: character "
          + String.format("U+%04X", e.getCodePoint()) + " is not allowed in YAML (" + e.getMessage() + "); remove it or quote it as an escape", e);
    } catch (YAMLException e) { // limits (size, nesting, aliases) and other errors without a mark
      throw new FlowException(Status.Code.INVALID_ARGUMENT, source + ": invalid YAML: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) { // SnakeYAML's own checks, e.g. a tag with spaces around it
      throw new FlowException(Status.Code.INVALID_ARGUMENT, source + ": invalid YAML: " + e.getMessage(), e);
    }
  }

  /** Adds variables for substitution (the file's {@code env:} section). */
  void vars(Map<String, String> more) {
    vars.putAll(more);
  }

  FlowException error(Node at, String message) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, source + " line " + (at.getStartMark().getLine() + 1) + ": " + message);
  }

  /** The entries of a mapping node, rejecting duplicate keys and keys not in {@code known}. */
  Map<String, Node> mapping(Node n, String what, Set<String> known) {
    if (!(n instanceof MappingNode)) {
      throw error(n, what + " must be a mapping of keys to values");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : ((MappingNode) n).getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode)) {
        throw error(k, what + " has a key that is not a plain name");
      }
      String key = ((ScalarNode) k).getValue();
      if (known != null && !known.contains(key)) {
        throw error(k, "unknown key '" + key + "' in " + what + "; known keys are " + known);
      }
      if (out.put(key, t.getValueNode()) != null) {
        throw error(k, "key '" + key + "' appears twice in " + what);
      }
    }
    return out;
  }

  List<Node> sequence(Node n, String what) {
    if (!(n instanceof SequenceNode)) {
      throw error(n, what + " must be a list");
    }
    return ((SequenceNode) n).getValue();
  }

  /** A string value, with variables substituted. */
  String string(Node n, String key) {
    if (!(n instanceof ScalarNode)) {
      throw error(n, "'" + key + "' must be a single value");
    }
    return substitute(n, ((ScalarNode) n).getValue());
  }

  /** A string value or a list of them. */
  List<String> strings(Node n, String key) {
    List<String> out = new ArrayList<>();
    if (n instanceof SequenceNode) {
      ((SequenceNode) n).getValue().forEach(x -> out.add(string(x, key)));
    } else {
      out.add(string(n, key));
    }
    return out;
  }

  int integer(Node n, String key) {
    String s = string(n, key);
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw error(n, "'" + key + "' must be a whole number, got '" + s + "'");
    }
  }

  long longInteger(Node n, String key) {
    String s = string(n, key);
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw error(n, "'" + key + "' must be a whole number, got '" + s + "'");
    }
  }

  boolean bool(Node n, String key) {
    String s = string(n, key).trim().toLowerCase(java.util.Locale.ROOT);
    switch (s) {
      case "true": case "yes": case "on": return true;
      case "false": case "no": case "off": return false;
      default: throw error(n, "'" + key + "' must be true or false, got '" + s + "'");
    }
  }

  /** An enum constant by name, case-insensitive; the error lists the choices. */
  <E extends Enum<E>> E choice(Node n, String key, Class<E> type) {
    String s = string(n, key).trim();
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(s)) {
        return e;
      }
    }
    throw error(n, "'" + key + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + s + "'");
  }

  /**
   * A JSON-like value: maps, lists, numbers (as doubles), booleans, null and substituted strings. Aliases are
   * expanded, so a recursive alias and expansion past {@link #MAX_PLAIN_VALUES} values are errors.
   */
  Object plain(Node n, String key) {
    if (++plainValues > MAX_PLAIN_VALUES) {
      throw error(n, "'" + key + "' expands to more than " + MAX_PLAIN_VALUES + " values; aliases (*name) repeat a list or mapping too often");
    }
    if (!(n instanceof ScalarNode)) {
      if (!expanding.add(n)) {
        throw error(n, "'" + key + "' contains itself through an alias (*name)");
      }
      try {
        return plainCollection(n, key);
      } finally {
        expanding.remove(n);
      }
    }
    return plainScalar((ScalarNode) n, key);
  }

  private Object plainCollection(Node n, String key) {
    if (n instanceof MappingNode) {
      Map<String, Object> m = new LinkedHashMap<>();
      mapping(n, "'" + key + "'", null).forEach((k, v) -> m.put(k, plain(v, key + "." + k)));
      return m;
    }
    if (n instanceof SequenceNode) {
      List<Object> l = new ArrayList<>();
      ((SequenceNode) n).getValue().forEach(v -> l.add(plain(v, key)));
      return l;
    }
    throw error(n, "'" + key + "' must be a value, a list or a mapping");
  }

  private Object plainScalar(ScalarNode s, String key) {
    Tag tag = s.getTag();
    if (Tag.NULL.equals(tag)) {
      return null;
    }
    if (Tag.BOOL.equals(tag)) {
      return bool(s, key);
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      try {
        return Double.parseDouble(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        return substitute(s, s.getValue());
      }
    }
    return substitute(s, s.getValue());
  }

  private String substitute(Node at, String value) {
    Matcher m = VAR.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String v = vars.containsKey(name) ? vars.get(name) : System.getenv(name);
      if (v == null) {
        throw error(at, "variable $" + name + " is not defined in env: or the environment");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}

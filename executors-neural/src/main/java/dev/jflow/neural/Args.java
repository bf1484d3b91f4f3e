package dev.jflow.neural;

import dev.jflow.api.JsonMap;
import java.util.List;

/** Reads SentenceEncoder's {@code with} arguments; an error names the key, what it must be and the value given. */
final class Args {
  private final JsonMap with;

  Args(JsonMap with) {
    this.with = with == null ? new JsonMap() : with;
  }

  /** An integer from {@code min} to {@code max}, or {@code fallback} when absent. */
  int integer(String key, int fallback, int min, int max) {
    Object v = with.get(key);
    if (v == null) {
      return fallback;
    }
    double d = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    if (d != Math.rint(d) || d < min || d > max) {
      throw bad(key, "an integer from " + min + " to " + max, v);
    }
    return (int) d;
  }

  /** {@code traversal_paths}: {@code r}, {@code c}, {@code cc}, ...; {@code [r]} when absent; a string counts as a list of one. */
  List<String> paths() {
    Object v = with.get("traversal_paths");
    if (v == null) {
      return List.of("r");
    }
    List<?> given = v instanceof List ? (List<?>) v : List.of(v);
    for (Object p : given) {
      if (!(p instanceof String) || !((String) p).matches("r|c+")) {
        throw bad("traversal_paths", "a list of 'r', 'c', 'cc', ...", v);
      }
    }
    return given.stream().map(String.class::cast).toList();
  }

  static IllegalArgumentException bad(String key, String expected, Object got) {
    String shown = got instanceof String ? "'" + got + "'" : String.valueOf(got);
    return new IllegalArgumentException("SentenceEncoder: '" + key + "' must be " + expected + ", got " + shown);
  }
}

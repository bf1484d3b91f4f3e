package dev.jflow.executors;

import dev.jflow.api.JsonMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and validates an executor's {@code with} arguments; every error names the executor, the key and the value. */
final class Args {
  private final String owner;
  private final JsonMap with;

  Args(String owner, JsonMap with) {
    this.owner = owner;
    this.with = with == null ? new JsonMap() : with;
  }

  JsonMap with() {
    return with;
  }

  int integer(String key, int fallback, int min) {
    Object v = with.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Double) {
      double d = (Double) v;
      if (d == Math.rint(d) && d >= min && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw bad(key, "an integer >= " + min, v);
  }

  boolean bool(String key, boolean fallback) {
    Object v = with.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if ("true".equals(v) || "false".equals(v)) {
      return Boolean.parseBoolean((String) v);
    }
    throw bad(key, "true or false", v);
  }

  /** A string, or {@code fallback} when absent, null or blank. */
  String string(String key, String fallback) {
    Object v = with.get(key);
    if (v == null || (v instanceof String && ((String) v).isBlank())) {
      return fallback;
    }
    if (v instanceof String) {
      return (String) v;
    }
    throw bad(key, "a string", v);
  }

  /** One of {@code allowed} (case-insensitive, returned in lower case). */
  String choice(String key, String fallback, List<String> allowed) {
    String s = string(key, fallback).toLowerCase(Locale.ROOT);
    if (!allowed.contains(s)) {
      throw bad(key, "one of " + String.join(", ", allowed), with.get(key));
    }
    return s;
  }

  /** A list of strings; a single string counts as a list of one. */
  List<String> strings(String key, List<String> fallback) {
    Object v = with.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String) {
      return List.of((String) v);
    }
    if (v instanceof List) {
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        if (!(o instanceof String)) {
          throw bad(key, "a list of strings", v);
        }
        out.add((String) o);
      }
      return out;
    }
    throw bad(key, "a list of strings", v);
  }

  IllegalArgumentException bad(String key, String expected, Object got) {
    String shown = got instanceof String ? "'" + got + "'" : String.valueOf(got);
    return new IllegalArgumentException(owner + ": '" + key + "' must be " + expected + ", got " + shown);
  }
}

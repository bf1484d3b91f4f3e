package dev.jflow.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes one JSON value on one line, for {@code --output json}: null, strings, booleans, numbers, lists and string-keyed maps. */
final class JsonLine {
  private JsonLine() {}

  /** The JSON text of {@code value}, without line breaks; other objects are written as their string. */
  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Number n) {
      number(b, n);
    } else if (v instanceof Map<?, ?> map) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
        b.append(it.hasNext() ? "," : "");
      }
      b.append('}');
    } else if (v instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        b.append(i > 0 ? "," : "");
        write(b, list.get(i));
      }
      b.append(']');
    } else {
      string(b, v.toString());
    }
  }

  private static void number(StringBuilder b, Number n) {
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      b.append("null"); // JSON has neither
    } else if (n instanceof Long || n instanceof Integer || (d == Math.rint(d) && Math.abs(d) < 1e15)) {
      b.append(n instanceof Long || n instanceof Integer ? n.longValue() : (long) d);
    } else {
      b.append(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d));
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}

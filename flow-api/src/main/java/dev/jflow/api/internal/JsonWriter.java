package dev.jflow.api.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java values as JSON: null, strings, booleans, numbers (integral values without a
 * fraction), lists and maps with string keys, on one line (line breaks in strings are escaped). The one
 * hand-written JSON writer: the restful gateway's own answers ({@code /status}, errors, the OpenAPI
 * document) and the CLI's {@code --output json}; documents and responses are protos, written by
 * {@code JsonFormat}.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /** The JSON text of {@code value}. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String) {
      string(b, (String) v);
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Number) {
      number(b, (Number) v);
    } else if (v instanceof Map) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) v).entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
        if (it.hasNext()) {
          b.append(',');
        }
      }
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      List<?> list = (List<?>) v;
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
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
      string(b, Double.toString(d)); // JSON has no NaN or Infinity; proto3 JSON writes them as strings too
    } else if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      b.append(n.longValue()); // exact, however large
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      b.append((long) d);
    } else {
      b.append(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d));
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        case '\b': b.append("\\b"); break;
        case '\f': b.append("\\f"); break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}

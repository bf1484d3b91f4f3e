package dev.jflow.api.internal;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of parsed JSON values as proto3 JSON encodes them (numbers may also be numeric strings,
 * bytes are base64), with errors naming the field path and the bad value.
 */
final class JsonValues {
  private JsonValues() {}

  /**
   * The fields of a JSON object keyed by proto field name ({@code mimeType} becomes {@code mime_type});
   * null values (proto3 JSON's "unset") are dropped.
   *
   * @throws IllegalArgumentException when the value is not an object, a key is not one of {@code known}
   *     or a field is given twice
   */
  static Map<String, Object> fields(Object value, String path, List<String> known) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : object(value, path).entrySet()) {
      String name = fieldName(e.getKey());
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + e.getKey() + "'" + (path.isEmpty() ? "" : " in '" + path + "'")
            + "; expected one of " + String.join(", ", known));
      }
      String before = spelling.put(name, e.getKey());
      if (before != null) {
        throw new IllegalArgumentException("field '" + name + "' is given twice (as '" + before + "' and '" + e.getKey() + "')"
            + (path.isEmpty() ? "" : " in '" + path + "'"));
      }
      if (e.getValue() != null) {
        out.put(name, e.getValue());
      }
    }
    return out;
  }

  /** The proto field name of a JSON key: lowerCamelCase becomes snake_case, other keys stay as they are. */
  static String fieldName(String key) {
    StringBuilder b = new StringBuilder(key.length() + 4);
    for (char c : key.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        b.append('_').append((char) (c - 'A' + 'a'));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** A JSON object with string keys (copied). */
  static Map<String, Object> object(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException((path.isEmpty() ? "expected a JSON object" : "'" + path + "' must be a JSON object")
          + ", got " + describe(value));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException("'" + path + "' has a key that is not a string: " + e.getKey());
      }
      out.put((String) e.getKey(), e.getValue());
    }
    return out;
  }

  /** A JSON array. */
  static List<?> list(Object value, String path) {
    if (!(value instanceof List)) {
      throw new IllegalArgumentException("'" + path + "' must be a JSON array, got " + describe(value));
    }
    return (List<?>) value;
  }

  /** A JSON string. */
  static String string(Object value, String path) {
    if (!(value instanceof String)) {
      throw new IllegalArgumentException("'" + path + "' must be a string, got " + describe(value));
    }
    return (String) value;
  }

  /** A whole number in the int range, from a JSON number or a numeric string. */
  static int int32(Object value, String path) {
    try {
      BigDecimal d = value instanceof Number ? BigDecimal.valueOf(((Number) value).doubleValue()) : new BigDecimal(string(value, path).trim());
      return d.intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + path + "' must be a whole number between " + Integer.MIN_VALUE + " and "
          + Integer.MAX_VALUE + ", got " + describe(value), e);
    }
  }

  /**
   * A uint32 field as protobuf-java holds it: a whole number up to 4294967295, those above 2147483647
   * kept as the int of the same bits (negative numbers are taken as ints, as they always were here).
   */
  static int uint32(Object value, String path) {
    try {
      BigDecimal d = value instanceof Number ? BigDecimal.valueOf(((Number) value).doubleValue()) : new BigDecimal(string(value, path).trim());
      long v = d.longValueExact();
      if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) {
        throw new ArithmeticException("out of range");
      }
      return (int) v;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + path + "' must be a whole number up to 4294967295, got " + describe(value), e);
    }
  }

  /** A float, from a JSON number, a numeric string, or "NaN", "Infinity" or "-Infinity". */
  static float float32(Object value, String path) {
    if (value instanceof Number) {
      return ((Number) value).floatValue();
    }
    String s = string(value, path).trim();
    switch (s) {
      case "NaN": return Float.NaN;
      case "Infinity": return Float.POSITIVE_INFINITY;
      case "-Infinity": return Float.NEGATIVE_INFINITY;
      default:
        try {
          return new BigDecimal(s).floatValue();
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + path + "' must be a number, got " + describe(value), e);
        }
    }
  }

  /** The JSON form of a float: a Double, or "NaN", "Infinity" or "-Infinity" as proto3 JSON writes them. */
  static Object number(float f) {
    if (Float.isNaN(f)) {
      return "NaN";
    }
    return Float.isInfinite(f) ? (f > 0 ? "Infinity" : "-Infinity") : (Object) (double) f;
  }

  /** Bytes from a base64 string, standard or URL-safe, padded or not (as proto3 JSON accepts). */
  static byte[] bytes(Object value, String path) {
    String s = string(value, path);
    try {
      return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + path + "' must be base64-encoded bytes: " + e.getMessage(), e);
    }
  }

  /** {@code parent.key}, or {@code key} at the top level. */
  static String path(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** A short description of a JSON value for error messages. */
  static String describe(Object value) {
    if (value instanceof String) {
      String s = (String) value;
      return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
    if (value instanceof Map) {
      return "an object";
    }
    return value instanceof List ? "an array" : String.valueOf(value);
  }
}

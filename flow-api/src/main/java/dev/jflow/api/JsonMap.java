package dev.jflow.api;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable, insertion-ordered map of JSON-like values, as held by a document's tags and a request's
 * parameters (the wire form is a {@code google.protobuf.Struct}). Values are {@code null}, a
 * {@link String}, a {@link Boolean}, a {@link Double}, a {@link List} of values or a {@link Map} of
 * string keys to values. Numbers are stored as {@code Double}, as JSON and Struct hold them (integers
 * beyond 2^53 lose precision); nested maps become {@code JsonMap}s and lists become mutable lists.
 * Anything else is rejected when it is put, with an error naming the key.
 */
public final class JsonMap extends AbstractMap<String, Object> {
  private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

  /** An empty map. */
  public JsonMap() {}

  /** A map holding a normalized copy of {@code source}'s entries. */
  public static JsonMap of(Map<String, ?> source) {
    JsonMap m = new JsonMap();
    if (source != null) {
      m.putAll(source);
    }
    return m;
  }

  /**
   * Puts a JSON-like value, normalized as the class describes.
   *
   * @throws IllegalArgumentException when the key is null or the value is not JSON-like
   */
  @Override
  public Object put(String key, Object value) {
    if (key == null) {
      throw new IllegalArgumentException("JSON map keys cannot be null");
    }
    return values.put(key, normalize(key, value));
  }

  @Override
  public Object get(Object key) {
    return values.get(key);
  }

  @Override
  public Object remove(Object key) {
    return values.remove(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public void clear() {
    values.clear();
  }

  @Override
  public int size() {
    return values.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Collections.unmodifiableMap(values).entrySet();
  }

  /** The value of {@code key} as a string, or {@code fallback} when absent or not a string. */
  public String getString(String key, String fallback) {
    Object v = values.get(key);
    return v instanceof String ? (String) v : fallback;
  }

  /** The value of {@code key} as a number, or {@code fallback} when absent or not a number. */
  public double getNumber(String key, double fallback) {
    Object v = values.get(key);
    return v instanceof Double ? (Double) v : fallback;
  }

  /** A deep copy: nested maps and lists are copied too. */
  public JsonMap copy() {
    return of(this);
  }

  /**
   * Normalizes one JSON-like value: numbers become doubles, maps become {@code JsonMap}s, lists are
   * copied element by element.
   *
   * @param path where the value sits, for the error message
   * @throws IllegalArgumentException naming the path when the value is not JSON-like
   */
  public static Object normalize(String path, Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Double) {
      return value;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Map) {
      JsonMap m = new JsonMap();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("'" + path + "' holds a map key that is not a string: " + e.getKey());
        }
        m.values.put((String) e.getKey(), normalize(path + "." + e.getKey(), e.getValue()));
      }
      return m;
    }
    if (value instanceof Iterable) {
      List<Object> list = new ArrayList<>();
      int i = 0;
      for (Object o : (Iterable<?>) value) {
        list.add(normalize(path + "[" + i++ + "]", o));
      }
      return list;
    }
    if (value instanceof Object[]) {
      return normalize(path, java.util.Arrays.asList((Object[]) value));
    }
    throw new IllegalArgumentException("'" + path + "' is a " + value.getClass().getName()
        + "; tags and parameters hold only null, strings, numbers, booleans, lists and maps");
  }
}

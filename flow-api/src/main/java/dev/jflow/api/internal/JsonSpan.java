package dev.jflow.api.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a JSON value is in a text that {@link Json#skim} has checked: its kind, its text, and for an
 * array or object the number of its elements or members, found without building it. Its parts are
 * found, and its value built, only when asked for.
 */
public final class JsonSpan {
  private final String source;
  private final int start;
  private final int end;
  private final int size;

  JsonSpan(String source, int start, int end, int size) {
    this.source = source;
    this.start = start;
    this.end = end;
    this.size = size;
  }

  /** The whole text the value is part of. */
  public String source() {
    return source;
  }

  /** The index in {@link #source()} of the value's first character. */
  public int start() {
    return start;
  }

  /** The index in {@link #source()} just past the value. */
  public int end() {
    return end;
  }

  /** Whether the value is an object. */
  public boolean isObject() {
    return source.charAt(start) == '{';
  }

  /** Whether the value is an array. */
  public boolean isArray() {
    return source.charAt(start) == '[';
  }

  /** Whether the value is a string. */
  public boolean isString() {
    return source.charAt(start) == '"';
  }

  /** The number of elements of an array or members of an object; 0 for any other value. */
  public int size() {
    return size;
  }

  /** The value as it is written. */
  public String text() {
    return source.substring(start, end);
  }

  /** The value built as {@link Json#parse} builds it. */
  public Object value() {
    if (isString() && !escaped()) {
      return source.substring(start + 1, end - 1); // checked already, and nothing to unescape
    }
    return Json.parse(this);
  }

  private boolean escaped() {
    for (int i = start + 1; i < end - 1; i++) {
      if (source.charAt(i) == '\\') {
        return true;
      }
    }
    return false;
  }

  /**
   * The elements of this array, in order.
   *
   * @throws IllegalStateException when this is not an array
   */
  public List<JsonSpan> elements() {
    if (!isArray()) {
      throw new IllegalStateException("not a JSON array: " + text());
    }
    Json p = Json.inside(this);
    List<JsonSpan> elements = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      elements.add(p.element());
    }
    return elements;
  }

  /**
   * The members of this object, in order.
   *
   * @throws IllegalStateException when this is not an object
   * @throws IllegalArgumentException when a key is given twice, as {@link Json#parse} says it
   */
  public List<Member> members() {
    if (!isObject()) {
      throw new IllegalStateException("not a JSON object: " + text());
    }
    Json p = Json.inside(this);
    List<Member> members = new ArrayList<>(size);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < size; i++) {
      Member m = p.member();
      if (!keys.add(m.key)) {
        throw p.error(m.start, "duplicate key \"" + m.key + "\"");
      }
      members.add(m);
    }
    return members;
  }

  @Override
  public String toString() {
    return text();
  }

  /** A member of an object: its key and its value. */
  public static final class Member {
    private final String key;
    private final int start;
    private final JsonSpan value;

    Member(String key, int start, JsonSpan value) {
      this.key = key;
      this.start = start;
      this.value = value;
    }

    /** The key, unescaped. */
    public String key() {
      return key;
    }

    /** The index in the source of the key's opening quote. */
    public int start() {
      return start;
    }

    /** The value. */
    public JsonSpan value() {
      return value;
    }

    /** The member as it is written, from its key to the end of its value: {@code "key": value}. */
    public String text() {
      return value.source.substring(start, value.end);
    }
  }
}

package dev.jflow.api.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small, strict JSON (RFC 8259) parser producing plain Java values: {@code null}, {@link String},
 * {@link Boolean}, {@link Double}, {@link List} and {@link LinkedHashMap} with string keys. It can also
 * {@linkplain #skim skim} a text: check it exactly as {@link #parse} would but build nothing, and say
 * where each value is ({@link JsonSpan}), so that a caller can bound a document before it is expanded
 * and hand parts of it, as text, to another parser. The one hand-written JSON reader of JFlow.
 */
public final class Json {
  private static final int MAX_DEPTH = 512;

  private final String text;
  private final int end;
  private final boolean build;
  private final Consumer<JsonSpan.Member> topLevel;
  private int pos;
  private int depth;
  private int size; // the elements or members of the array or object read last (skimming)

  private Json(String text, int from, int end, boolean build, Consumer<JsonSpan.Member> topLevel) {
    this.text = text;
    this.pos = from;
    this.end = end;
    this.build = build;
    this.topLevel = topLevel;
  }

  /**
   * Parses one JSON value; whitespace may surround it, nothing else may follow it.
   *
   * @throws IllegalArgumentException saying what is wrong and where (1-based column), e.g.
   *     {@code expected ',' or '}' but found '"' at column 17}
   */
  public static Object parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("JSON text is null");
    }
    Json p = new Json(text, 0, text.length(), true, null);
    p.skipWhitespace();
    Object value = p.value();
    p.finish();
    return value;
  }

  /** {@link #skim(String, Consumer)} without a look at the members. */
  public static JsonSpan skim(String text) {
    return skim(text, null);
  }

  /**
   * Checks that {@code text} is one JSON value, exactly as {@link #parse} does, without building it,
   * and returns where it is. No string, number, list or map is built, only the spans handed out
   * (duplicate keys are left for {@link JsonSpan#members()} to find). When the value is an object, {@code topLevel}
   * (may be null) is given each of its members as soon as that member has been checked, before anything
   * after it is read: it may throw to stop early.
   *
   * @throws IllegalArgumentException as {@link #parse} does
   */
  public static JsonSpan skim(String text, Consumer<JsonSpan.Member> topLevel) {
    if (text == null) {
      throw new IllegalArgumentException("JSON text is null");
    }
    Json p = new Json(text, 0, text.length(), false, topLevel);
    p.skipWhitespace();
    JsonSpan span = p.span();
    p.finish();
    return span;
  }

  /** The value of {@code span}, built. */
  static Object parse(JsonSpan span) {
    return new Json(span.source(), span.start(), span.end(), true, null).value();
  }

  /** A skimming parser at the first element or member of the array or object at {@code span}. */
  static Json inside(JsonSpan span) {
    Json p = new Json(span.source(), span.start() + 1, span.end(), false, null);
    p.skipWhitespace();
    return p;
  }

  /** Skims the element at the parser's place, and the separator after it. */
  JsonSpan element() {
    JsonSpan span = span();
    next();
    return span;
  }

  /** Skims the member at the parser's place (its key kept), and the separator after it. */
  JsonSpan.Member member() {
    int keyAt = pos;
    String key = key(true);
    colon();
    JsonSpan.Member m = new JsonSpan.Member(key, keyAt, span());
    next();
    return m;
  }

  private void next() {
    skipWhitespace();
    pos++; // ',' or the closing bracket: the span was checked
    skipWhitespace();
  }

  /** Nothing but whitespace may follow the value. */
  private void finish() {
    skipWhitespace();
    if (pos < end) {
      throw error(pos, "unexpected " + current() + " after the JSON value");
    }
  }

  /** Skims the value at {@code pos}. */
  private JsonSpan span() {
    int start = pos;
    size = 0;
    value();
    return new JsonSpan(text, start, pos, size);
  }

  private Object value() {
    int c = peek();
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string(build);
      case 't': return literal("true", Boolean.TRUE);
      case 'f': return literal("false", Boolean.FALSE);
      case 'n': return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error(pos, "expected a value but found " + current());
    }
  }

  private Map<String, Object> object() {
    enter();
    Map<String, Object> map = build ? new LinkedHashMap<>() : null;
    boolean top = depth == 1 && topLevel != null;
    int members = 0;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
    } else {
      do {
        skipWhitespace();
        int keyAt = pos;
        String key = key(build || top);
        if (build && map.containsKey(key)) {
          throw error(keyAt, "duplicate key \"" + key + "\"");
        }
        colon();
        if (top) {
          topLevel.accept(new JsonSpan.Member(key, keyAt, span()));
        } else if (build) {
          map.put(key, value());
        } else {
          value();
        }
        members++;
        skipWhitespace();
      } while (separator('}'));
    }
    depth--;
    size = members;
    return map;
  }

  /** Reads a member's key; builds it only when {@code keep}. */
  private String key(boolean keep) {
    if (peek() != '"') {
      throw error(pos, "expected a string key but found " + current());
    }
    return string(keep);
  }

  /** Reads the colon between a key and its value. */
  private void colon() {
    skipWhitespace();
    if (peek() != ':') {
      throw error(pos, "expected ':' but found " + current());
    }
    pos++;
    skipWhitespace();
  }

  private List<Object> array() {
    enter();
    List<Object> list = build ? new ArrayList<>() : null;
    int elements = 0;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
    } else {
      do {
        skipWhitespace();
        Object v = value();
        if (build) {
          list.add(v);
        }
        elements++;
        skipWhitespace();
      } while (separator(']'));
    }
    depth--;
    size = elements;
    return list;
  }

  /** Consumes ',' (true: another member follows) or {@code close} (false). */
  private boolean separator(char close) {
    int c = peek();
    if (c != ',' && c != close) {
      throw error(pos, "expected ',' or '" + close + "' but found " + current());
    }
    pos++;
    return c == ',';
  }

  /** Reads a string; builds it only when {@code keep}. */
  private String string(boolean keep) {
    int start = pos++;
    StringBuilder b = keep ? new StringBuilder() : null;
    while (pos < end) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return keep ? b.toString() : null;
      } else if (c == '\\') {
        char e = escape();
        if (keep) {
          b.append(e);
        }
      } else if (c < 0x20) {
        throw error(pos, String.format("control character U+%04X must be escaped in a string", (int) c));
      } else {
        if (keep) {
          b.append(c);
        }
        pos++;
      }
    }
    throw error(start, "string is not closed; it starts");
  }

  // A surrogate pair arrives as two \\u escapes; appending both chars rebuilds the code point.
  private char escape() {
    int at = pos++;
    int c = peek();
    pos++;
    switch (c) {
      case '"': return '"';
      case '\\': return '\\';
      case '/': return '/';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u':
        int code = 0;
        for (int i = 0; i < 4; i++, pos++) {
          int digit = peek() >= 0 && peek() < 128 ? Character.digit(peek(), 16) : -1;
          if (digit < 0) {
            throw error(at, "invalid \\u escape: expected four hex digits");
          }
          code = code * 16 + digit;
        }
        return (char) code;
      default:
        throw error(at, "invalid escape '\\" + (c < 0 ? "" : String.valueOf((char) c)) + "'");
    }
  }

  private Double number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int wholeDigits = 0;
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error(start, "invalid number: leading zeros are not allowed");
      }
    } else {
      wholeDigits = digits(start, "a digit");
    }
    if (peek() == '.') {
      pos++;
      digits(start, "a digit after the decimal point");
    }
    int exponent = 0;
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      boolean negative = peek() == '-';
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      int at = pos;
      digits(start, "a digit in the exponent");
      for (int i = at; i < pos && exponent < 100_000; i++) {
        exponent = exponent * 10 + (text.charAt(i) - '0');
      }
      exponent = negative ? -exponent : exponent;
    }
    if (!build && wholeDigits + exponent < 300) {
      return null; // below 10^300: cannot overflow a double, no need to convert it
    }
    String literal = text.substring(start, pos);
    double d = Double.parseDouble(literal);
    if (Double.isInfinite(d)) {
      throw error(start, "number " + literal + " is too large for a double");
    }
    return d;
  }

  /** Reads one or more digits; returns how many. */
  private int digits(int start, String what) {
    if (!isDigit(peek())) {
      throw error(pos, "invalid number starting at column " + (start + 1) + ": expected " + what
          + " but found " + current());
    }
    int from = pos;
    while (isDigit(peek())) {
      pos++;
    }
    return pos - from;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos) || pos + word.length() > end) {
      throw error(pos, "expected a value but found " + current());
    }
    pos += word.length();
    return value;
  }

  private void enter() {
    pos++;
    if (++depth > MAX_DEPTH) {
      throw error(pos - 1, "arrays and objects are nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void skipWhitespace() {
    while (pos < end && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private int peek() {
    return pos < end ? text.charAt(pos) : -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private String current() {
    int c = peek();
    if (c < 0) {
      return "the end of the input";
    }
    return c < 0x20 ? String.format("U+%04X", c) : "'" + (char) c + "'";
  }

  IllegalArgumentException error(int at, String message) {
    int lineStart = text.lastIndexOf('\n', at - 1) + 1;
    String where = lineStart == 0 && text.indexOf('\n') < 0
        ? "column " + (at + 1)
        : "line " + (text.substring(0, lineStart).chars().filter(ch -> ch == '\n').count() + 1)
            + ", column " + (at - lineStart + 1);
    return new IllegalArgumentException(message + " at " + where);
  }
}

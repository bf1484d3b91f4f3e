package dev.jflow.api.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) parser producing plain Java values: {@code null}, {@link String},
 * {@link Boolean}, {@link Double}, {@link List} and {@link LinkedHashMap} with string keys.
 */
public final class Json {
  private static final int MAX_DEPTH = 512;

  private final String text;
  private int pos;
  private int depth;

  private Json(String text) {
    this.text = text;
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
    Json p = new Json(text);
    p.skipWhitespace();
    Object value = p.value();
    p.skipWhitespace();
    if (p.pos < text.length()) {
      throw p.error(p.pos, "unexpected " + p.current() + " after the JSON value");
    }
    return value;
  }

  private Object value() {
    int c = peek();
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
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
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
    } else {
      do {
        skipWhitespace();
        if (peek() != '"') {
          throw error(pos, "expected a string key but found " + current());
        }
        int keyAt = pos;
        String key = string();
        if (map.containsKey(key)) {
          throw error(keyAt, "duplicate key \"" + key + "\"");
        }
        skipWhitespace();
        if (peek() != ':') {
          throw error(pos, "expected ':' but found " + current());
        }
        pos++;
        skipWhitespace();
        map.put(key, value());
        skipWhitespace();
      } while (separator('}'));
    }
    depth--;
    return map;
  }

  private List<Object> array() {
    enter();
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
    } else {
      do {
        skipWhitespace();
        list.add(value());
        skipWhitespace();
      } while (separator(']'));
    }
    depth--;
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

  private String string() {
    int start = pos++;
    StringBuilder b = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return b.toString();
      } else if (c == '\\') {
        b.append(escape());
      } else if (c < 0x20) {
        throw error(pos, String.format("control character U+%04X must be escaped in a string", (int) c));
      } else {
        b.append(c);
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
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error(start, "invalid number: leading zeros are not allowed");
      }
    } else {
      digits(start, "a digit");
    }
    if (peek() == '.') {
      pos++;
      digits(start, "a digit after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits(start, "a digit in the exponent");
    }
    String literal = text.substring(start, pos);
    double d = Double.parseDouble(literal);
    if (Double.isInfinite(d)) {
      throw error(start, "number " + literal + " is too large for a double");
    }
    return d;
  }

  private void digits(int start, String what) {
    if (!isDigit(peek())) {
      throw error(pos, "invalid number starting at column " + (start + 1) + ": expected " + what
          + " but found " + current());
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
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
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private int peek() {
    return pos < text.length() ? text.charAt(pos) : -1;
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

  private IllegalArgumentException error(int at, String message) {
    int lineStart = text.lastIndexOf('\n', at - 1) + 1;
    String where = lineStart == 0 && text.indexOf('\n') < 0
        ? "column " + (at + 1)
        : "line " + (text.substring(0, lineStart).chars().filter(ch -> ch == '\n').count() + 1)
            + ", column " + (at - lineStart + 1);
    return new IllegalArgumentException(message + " at " + where);
  }
}

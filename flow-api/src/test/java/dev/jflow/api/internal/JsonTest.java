package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> Json.parse(json)).getMessage();
  }

  @Test
  void parsesLiteralsAndNumbers() {
    assertNull(Json.parse("null"));
    assertEquals(true, Json.parse(" true "));
    assertEquals(false, Json.parse("\tfalse\n"));
    assertEquals(42.0, Json.parse("42"));
    assertEquals(-0.0005, Json.parse("-0.5e-3"));
    assertEquals(100.0, Json.parse("1E+2"));
    assertEquals(1.25e10, Json.parse("1.25e10"));
    assertEquals(0.0, Json.parse("0"));
  }

  @Test
  void parsesStringEscapesAndUnicode() {
    assertEquals("a\n\t\"\\/\b\f\r", Json.parse("\"a\\n\\t\\\"\\\\\\/\\b\\f\\r\""));
    assertEquals("é", Json.parse("\"\\u00e9\""));
    assertEquals("😀", Json.parse("\"\\ud83d\\uDE00\""), "a surrogate pair makes one code point");
    assertEquals("日本 😀", Json.parse("\"日本 😀\""));
    assertEquals("", Json.parse("\"\""));
  }

  @Test
  void parsesNestedValuesKeepingKeyOrder() {
    Object value = Json.parse("{\"z\": [1, {\"b\": null, \"a\": [[]]}], \"y\": {}, \"x\": \"s\"}");

    Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, value);
    assertEquals(List.of("z", "y", "x"), List.copyOf(map.keySet()));
    List<?> z = assertInstanceOf(List.class, map.get("z"));
    assertEquals(1.0, z.get(0));
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("b", null);
    inner.put("a", List.of(List.of()));
    assertEquals(inner, z.get(1));
    assertEquals(Map.of(), map.get("y"));
  }

  @Test
  void malformedInputIsReportedWithTheColumn() {
    assertEquals("expected ',' or '}' but found '\"' at column 8", error("{\"a\":1 \"b\":2}"));
    assertEquals("expected a value but found ']' at column 4", error("[1,]"));
    assertEquals("expected a value but found the end of the input at column 1", error(""));
    assertEquals("unexpected '2' after the JSON value at column 5", error("[1] 2"));
    assertEquals("expected a string key but found '1' at column 2", error("{1:2}"));
    assertEquals("expected ':' but found '1' at column 6", error("{\"a\" 1}"));
    assertEquals("duplicate key \"a\" at column 8", error("{\"a\":1,\"a\":2}"));
    assertEquals("expected a value but found 't' at column 1", error("tru"));
    assertEquals("expected ',' or ']' but found the end of the input at column 3", error("[1"));
  }

  @Test
  void malformedStringsAndNumbersAreReported() {
    assertEquals("string is not closed; it starts at column 1", error("\"abc"));
    assertEquals("invalid escape '\\x' at column 3", error("\"a\\x\""));
    assertEquals("invalid \\u escape: expected four hex digits at column 2", error("\"\\u12G4\""));
    assertEquals("control character U+000A must be escaped in a string at line 1, column 3", error("\"a\nb\""));
    assertEquals("invalid number: leading zeros are not allowed at column 1", error("01"));
    assertEquals("invalid number starting at column 1: expected a digit after the decimal point but found the end"
        + " of the input at column 3", error("1."));
    assertEquals("invalid number starting at column 1: expected a digit in the exponent but found 'x' at column 3",
        error("1ex"));
    assertEquals("invalid number starting at column 2: expected a digit but found 'a' at column 3", error("[-a]"));
    assertEquals("number 1e400 is too large for a double at column 1", error("1e400"));
  }

  @Test
  void multiLineInputIsReportedWithLineAndColumn() {
    assertEquals("expected a value but found 'x' at line 2, column 8", error("{\n  \"a\": x}"));
  }

  @Test
  void deepNestingIsRejectedInsteadOfOverflowingTheStack() {
    char[] brackets = new char[10_000];
    Arrays.fill(brackets, '[');
    assertEquals("arrays and objects are nested deeper than 512 levels at column 513", error(new String(brackets)));
  }

  @Test
  void skimmingChecksExactlyAsParsingDoes() {
    for (String bad : List.of("{\"a\":1 \"b\":2}", "[1,]", "", "[1] 2", "{1:2}", "{\"a\" 1}", "tru", "[1", "\"abc", "\"a\\x\"",
        "\"\\u12G4\"", "\"a\nb\"", "01", "1.", "1ex", "[-a]", "1e400", "[1e400]", "{\"a\": [123" + "0".repeat(400) + "]}",
        "{\n  \"a\": x}", "[".repeat(600))) {
      String parsing = error(bad);
      String skimming = assertThrows(IllegalArgumentException.class, () -> Json.skim(bad), bad).getMessage();
      assertEquals(parsing, skimming, bad);
    }
    assertEquals(0.0, Json.parse("1e-400"));
    Json.skim("[1e-400, 1e300, -0.5E+3, 0]");
  }

  @Test
  void aSkimSaysWhereEachValueIsAndBuildsOnlyWhatIsAskedFor() {
    String text = " {\"a\": [1, \"x\", {\"b\": null}, []], \"s\\u0074r\": \"v\", \"o\": {\"k\": 1, \"l\": [2]}} ";
    JsonSpan body = Json.skim(text);
    assertTrue(body.isObject());
    assertEquals(3, body.size());
    assertEquals(text.trim(), body.text());
    List<JsonSpan.Member> members = body.members();
    assertEquals(List.of("a", "str", "o"), members.stream().map(JsonSpan.Member::key).toList());
    assertEquals("\"s\\u0074r\": \"v\"", members.get(1).text());
    JsonSpan a = members.get(0).value();
    assertTrue(a.isArray());
    assertEquals(4, a.size());
    assertEquals(List.of("1", "\"x\"", "{\"b\": null}", "[]"), a.elements().stream().map(JsonSpan::text).toList());
    assertEquals(1, a.elements().get(2).size());
    assertEquals("x", a.elements().get(1).value());
    assertTrue(a.elements().get(1).isString());
    assertEquals(Json.parse(text), body.value());
    assertEquals(List.of(), Json.skim("[]").elements());
    assertEquals(List.of(), Json.skim("{}").members());
  }

  @Test
  void aKeyGivenTwiceIsFoundWhenTheMembersAreAskedFor() {
    JsonSpan twice = Json.skim("{\"a\":1,\"a\":2}");
    assertEquals(2, twice.size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, twice::members);
    assertEquals(error("{\"a\":1,\"a\":2}"), e.getMessage());
  }

  @Test
  void theTopLevelMembersAreSeenInOrderBeforeWhatFollowsThemIsRead() {
    List<String> seen = new ArrayList<>();
    String text = "{\"data\": [\"a\", {\"b\": [1, 2, \"]\"]}, \"c\"], \"x\": [1, 2";
    IllegalStateException stop = assertThrows(IllegalStateException.class, () -> Json.skim(text, m -> {
      seen.add(m.key() + "=" + m.value().size());
      throw new IllegalStateException("enough");
    }));
    assertEquals("enough", stop.getMessage());
    assertEquals(List.of("data=3"), seen);
    seen.clear();
    assertThrows(IllegalArgumentException.class, () -> Json.skim(text, m -> seen.add(m.key())));
    assertEquals(List.of("data"), seen, "x is not complete, so it is never seen");
  }
}

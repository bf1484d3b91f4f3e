package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonMapTest {

  @Test
  void everyNumberIsStoredAsADouble() {
    JsonMap m = new JsonMap();
    m.put("int", 1);
    m.put("long", 2L);
    m.put("float", 2.5f);
    m.put("short", (short) 3);
    m.put("byte", (byte) -4);
    m.put("big", new BigDecimal("0.125"));
    m.put("atomic", new AtomicLong(7));
    m.put("double", 1.5);
    assertEquals(Map.of("int", 1.0, "long", 2.0, "float", 2.5, "short", 3.0, "byte", -4.0, "big", 0.125,
        "atomic", 7.0, "double", 1.5), m);
    m.values().forEach(v -> assertInstanceOf(Double.class, v));
  }

  @Test
  void stringsBooleansAndNullsAreKeptAsTheyAre() {
    JsonMap m = new JsonMap();
    m.put("s", "text");
    m.put("b", true);
    m.put("nothing", null);
    assertEquals("text", m.get("s"));
    assertEquals(Boolean.TRUE, m.get("b"));
    assertTrue(m.containsKey("nothing"));
    assertNull(m.get("nothing"));
    assertEquals(3, m.size());
  }

  @Test
  void nestedMapsBecomeJsonMapsAtEveryDepth() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("n", 1);
    JsonMap m = JsonMap.of(Map.of("outer", Map.of("inner", inner), "list", List.of(Map.of("x", 2))));

    JsonMap outer = assertInstanceOf(JsonMap.class, m.get("outer"));
    JsonMap innerCopy = assertInstanceOf(JsonMap.class, outer.get("inner"));
    assertEquals(1.0, innerCopy.get("n"));
    inner.put("n", 99);
    assertEquals(1.0, innerCopy.get("n"), "the source map was copied");

    List<?> list = assertInstanceOf(List.class, m.get("list"));
    assertEquals(Map.of("x", 2.0), assertInstanceOf(JsonMap.class, list.get(0)));
  }

  @Test
  void listsAreCopiedIntoMutableLists() {
    List<Object> source = new ArrayList<>(List.of(1, "a"));
    JsonMap m = new JsonMap();
    m.put("l", source);
    source.add(3);

    List<?> stored = assertInstanceOf(List.class, m.get("l"));
    assertEquals(List.of(1.0, "a"), stored);
    stored.remove(1);
    assertEquals(List.of(1.0), m.get("l"), "the stored list is mutable and live");

    m.put("fixed", List.of(1));
    ((List<?>) m.get("fixed")).clear();
    assertEquals(List.of(), m.get("fixed"), "even an immutable source becomes a mutable list");
  }

  @Test
  void objectArraysBecomeLists() {
    JsonMap m = new JsonMap();
    m.put("arr", new Object[] {1, "a", null, new String[] {"x"}});
    assertEquals(Arrays.asList(1.0, "a", null, List.of("x")), m.get("arr"));
  }

  @Test
  void nonStringMapKeysAreRejectedNamingThePath() {
    JsonMap m = new JsonMap();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.put("a", Map.of("b", Map.of(1, "x"))));
    assertEquals("'a.b' holds a map key that is not a string: 1", e.getMessage());
    assertTrue(m.isEmpty(), "nothing was put");

    e = assertThrows(IllegalArgumentException.class, () -> m.put(null, 1));
    assertEquals("JSON map keys cannot be null", e.getMessage());
  }

  @Test
  void unsupportedValuesAreRejectedNamingThePath() {
    JsonMap m = new JsonMap();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.put("a", List.of("ok", Map.of("b", new StringBuilder("x")))));
    assertEquals("'a[1].b' is a java.lang.StringBuilder; tags and parameters hold only null, strings, numbers,"
        + " booleans, lists and maps", e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> JsonMap.of(Map.of("when", new Object())));
    assertTrue(e.getMessage().startsWith("'when' is a java.lang.Object"), e.getMessage());
  }

  @Test
  void theEntrySetIsUnmodifiable() {
    JsonMap m = JsonMap.of(Map.of("a", 1));
    assertThrows(UnsupportedOperationException.class, () -> m.entrySet().clear());
    assertThrows(UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue(new Object()));
    Iterator<Map.Entry<String, Object>> it = m.entrySet().iterator();
    it.next();
    assertThrows(UnsupportedOperationException.class, it::remove);
    assertEquals(Map.of("a", 1.0), m);
  }

  @Test
  void removeAndClearChangeTheMap() {
    JsonMap m = JsonMap.of(Map.of("a", 1, "b", 2));
    assertEquals(1.0, m.remove("a"));
    assertEquals(Map.of("b", 2.0), m);
    m.clear();
    assertTrue(m.isEmpty());
  }

  @Test
  void insertionOrderIsKept() {
    Map<String, Object> source = new LinkedHashMap<>();
    for (String k : List.of("z", "a", "m", "b")) {
      source.put(k, k);
    }
    assertEquals(List.of("z", "a", "m", "b"), new ArrayList<>(JsonMap.of(source).keySet()));
  }

  @Test
  void aCopyIsDeep() {
    JsonMap m = JsonMap.of(Map.of("n", Map.of("x", 1), "l", List.of(List.of(1))));
    JsonMap c = m.copy();
    assertEquals(m, c);

    ((JsonMap) c.get("n")).put("x", 2);
    ((List<?>) ((List<?>) c.get("l")).get(0)).clear();
    c.put("new", true);

    assertEquals(JsonMap.of(Map.of("n", Map.of("x", 1), "l", List.of(List.of(1)))), m);
  }

  @Test
  void typedGettersFallBackWhenAbsentOrOfAnotherType() {
    JsonMap m = JsonMap.of(Map.of("s", "text", "n", 3));
    assertEquals("text", m.getString("s", "fb"));
    assertEquals("fb", m.getString("n", "fb"));
    assertEquals("fb", m.getString("missing", "fb"));
    assertEquals(3.0, m.getNumber("n", -1));
    assertEquals(-1.0, m.getNumber("s", -1));
    assertEquals(-1.0, m.getNumber("missing", -1));
    assertNull(m.getString("missing", null));
  }

  @Test
  void ofNullIsEmptyAndEqualsOtherMapsByContent() {
    assertTrue(JsonMap.of(null).isEmpty());
    assertEquals(Map.of("a", 1.0, "b", "x"), JsonMap.of(Map.of("a", 1, "b", "x")));
    assertEquals(JsonMap.of(Map.of("a", 1)).hashCode(), Map.of("a", 1.0).hashCode());
  }
}

package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  @Test
  void writesOneLineWithExactIntegersAndEscapedStrings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", Long.MAX_VALUE);
    m.put("score", 0.5);
    m.put("whole", 3.0);
    m.put("text", "a\"b\\c\nd\u2028e\u0001");
    m.put("list", List.of(true, "x"));
    m.put("none", null);
    assertEquals("{\"id\":9223372036854775807,\"score\":0.5,\"whole\":3,\"text\":\"a\\\"b\\\\c\\nd\\u2028e\\u0001\","
        + "\"list\":[true,\"x\"],\"none\":null}", JsonWriter.write(m));
  }

  @Test
  void nanAndInfinityAreStringsAsInProto3Json() {
    assertEquals("[\"NaN\",\"Infinity\"]", JsonWriter.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
  }
}

package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {
  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void keepsAValidParentAndItsState() {
    TraceContext t = TraceContext.of(PARENT, "congo=t61rcWkgMzE");
    assertTrue(t.isPresent());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceId());
    assertEquals(Map.of("traceparent", PARENT, "tracestate", "congo=t61rcWkgMzE"), t.headers());
    assertEquals(t, TraceContext.fromHeaders(t.headers()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
  void anInvalidParentStartsANewTrace(String parent) {
    assertSame(TraceContext.none(), TraceContext.of(parent, "a=b"));
  }

  @Test
  void aLaterVersionMayCarryMoreFields() {
    assertTrue(TraceContext.of("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more", null).isPresent());
  }

  @Test
  void anOverlongStateIsDropped() {
    TraceContext t = TraceContext.of(PARENT, "k=" + "v".repeat(TraceContext.MAX_TRACESTATE));
    assertEquals("", t.tracestate());
    assertFalse(t.headers().containsKey("tracestate"));
  }

  @Test
  void noneHasNoHeaders() {
    assertTrue(TraceContext.none().headers().isEmpty());
    assertFalse(TraceContext.of(null, null).isPresent());
  }
}

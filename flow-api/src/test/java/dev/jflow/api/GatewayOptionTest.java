package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayOptionTest {
  private static final GatewayOption<Long> QUEUED = GatewayOption.bytes("t.max_queued_bytes", 32L << 20, 1, "queued bytes");
  private static final GatewayOption<Duration> IDLE = GatewayOption.duration("t.idle_timeout", Duration.ZERO, Duration.ZERO, "idle");
  private static final GatewayOption<Integer> THREADS = GatewayOption.integer("t.worker_threads", 8, 1, "threads");
  private static final GatewayOption<String> CORS = GatewayOption.text("t.cors", "*", "origin");

  @Test
  void valuesAreReadInTheirFormAndWrittenBackTheSame() {
    assertEquals(1024L, QUEUED.parse("1024"));
    assertEquals(512L << 10, QUEUED.parse("512KiB"));
    assertEquals(32L << 20, QUEUED.parse(" 32 mib "));
    assertEquals(2L << 30, QUEUED.parse("2GiB"));
    assertEquals(Duration.ofMillis(1500), IDLE.parse("1500"));
    assertEquals(Duration.ofMillis(1500), IDLE.parse("1500ms"));
    assertEquals(Duration.ofSeconds(30), IDLE.parse("30s"));
    assertEquals(Duration.ofMinutes(5), IDLE.parse("5m"));
    assertEquals(Duration.ofHours(1), IDLE.parse("1h"));
    assertEquals(12, THREADS.parse("12"));
    assertEquals("", CORS.parse(""));
    for (long v : new long[] {1, 1000, 1L << 10, 3L << 20, 5L << 30}) {
      assertEquals(v, QUEUED.parse(QUEUED.format(v)));
    }
    for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(3)}) {
      assertEquals(d, IDLE.parse(IDLE.format(d)));
    }
    assertEquals("32MiB", QUEUED.format(32L << 20));
    assertEquals("30s", IDLE.format(Duration.ofSeconds(30)));
  }

  @Test
  void aBadValueNamesTheOptionTheFormAndTheText() {
    FlowException e = assertThrows(FlowException.class, () -> QUEUED.parse("lots"));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("gateway option t.max_queued_bytes must be a number of bytes of at least 1, whole or with KiB, MiB or GiB"
        + " (33554432, 32MiB), got 'lots'", e.status().description());
    assertTrue(assertThrows(FlowException.class, () -> QUEUED.parse("0")).getMessage().contains("at least 1, "));
    assertTrue(assertThrows(FlowException.class, () -> QUEUED.parse("9999999999GiB")).getMessage().contains("got '9999999999GiB'"),
        "an overflow is a bad value, not a wrapped number");
    assertEquals("gateway option t.idle_timeout must be a duration of at least 0ms: milliseconds or a whole number with ms, s, m or h"
        + " (1500, 1500ms, 30s), got '-1s'", assertThrows(FlowException.class, () -> IDLE.parse("-1s")).status().description());
    assertEquals("gateway option t.worker_threads must be a whole number of at least 1, got '0'",
        assertThrows(FlowException.class, () -> THREADS.parse("0")).status().description());
    assertThrows(FlowException.class, () -> THREADS.parse("1.5"));
    assertThrows(FlowException.class, () -> THREADS.format(0));
    assertThrows(FlowException.class, () -> IDLE.format(Duration.ofNanos(1)), "sub-millisecond durations have no text form");
  }

  @Test
  void aCheckedTextIsTrimmedAndABadOneNamesItsForm() {
    GatewayOption<String> colours = GatewayOption.text("t.colours", "", "empty or colours such as red,blue",
        s -> s.isEmpty() || s.matches("[a-z]+(,[a-z]+)*"), "colours");
    assertEquals("red,blue", colours.parse(" red,blue "));
    assertEquals("", colours.parse(""));
    assertEquals("gateway option t.colours must be empty or colours such as red,blue, got 'red;blue'",
        assertThrows(FlowException.class, () -> colours.parse("red;blue")).status().description());
    assertThrows(IllegalArgumentException.class, () -> GatewayOption.text("t.colours", "RED", "colours", s -> s.equals("red"), "c"),
        "the default must be valid");
  }

  @Test
  void aDeclarationNamesItsTransportAndKeepsItsDefaultInRange() {
    assertEquals("t", QUEUED.transport());
    assertEquals(32L << 20, QUEUED.defaultValue());
    assertThrows(IllegalArgumentException.class, () -> GatewayOption.text("maxQueuedBytes", "", "no transport, camelCase"));
    assertThrows(IllegalArgumentException.class, () -> GatewayOption.text("websocket.maxQueued", "", "camelCase"));
    assertThrows(IllegalArgumentException.class, () -> GatewayOption.integer("t.n", 0, 1, "default below its minimum"));
  }

  @Test
  void aConfigReadsAnOptionTypedOrItsDefault() {
    GatewayConfig c = GatewayConfig.builder().option(QUEUED, 1L << 20).option("t.idle_timeout", "2s").build();
    assertEquals(1L << 20, c.option(QUEUED));
    assertEquals("1MiB", c.option("t.max_queued_bytes").orElseThrow());
    assertEquals(Duration.ofSeconds(2), c.option(IDLE));
    assertEquals(8, c.option(THREADS), "the default when not set");
    assertThrows(FlowException.class, () -> GatewayConfig.builder().option(THREADS, 0));
    assertThrows(FlowException.class, () -> c.withOption("t.worker_threads", "many").option(THREADS));
  }
}

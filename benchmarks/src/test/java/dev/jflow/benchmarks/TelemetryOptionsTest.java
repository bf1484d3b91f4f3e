package dev.jflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.spi.Telemetry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** T1's command line: the gateway's --telemetry modes and the suite's --only. */
class TelemetryOptionsTest {

  @Test
  void noneIsTheNoOpTelemetryAndTheOthersReportWhatTheyRecorded() {
    try (BenchTelemetry none = BenchTelemetry.of("none")) {
      assertEquals(Telemetry.none(), none.telemetry());
      assertEquals("telemetry none", none.summary());
    }
    try (BenchTelemetry metrics = BenchTelemetry.of("metrics")) {
      assertTrue(metrics.summary().matches("telemetry metrics: \\d+ meters, scrape [\\d,]+ bytes"), metrics.summary());
    }
    try (BenchTelemetry tracing = BenchTelemetry.of("tracing")) {
      assertTrue(tracing.summary().matches("telemetry tracing: \\d+ meters, scrape [\\d,]+ bytes, [\\d,]+ spans exported"),
          tracing.summary());
    }
  }

  @Test
  void anUnknownModeIsRefusedWithTheValueAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchTelemetry.of("otel"));
    assertEquals("--telemetry must be none, metrics or tracing, got 'otel'", e.getMessage());
    assertEquals("tracing", Serve.option(List.of("--pods", "2", "--telemetry", "tracing"), "--telemetry", "none"));
    assertEquals("none", Serve.option(List.of("--pods", "2"), "--telemetry", "none"));
  }

  @Test
  void onlyTakesKnownScenariosInAnyCaseAndNamesUnknownOnes() {
    assertEquals(List.of("S1", "T1"), Suite.only("s1, t1"));
    assertTrue(Scenario.ALL.contains("T1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Suite.only("S1,S12,X"));
    assertTrue(e.getMessage().startsWith("--only: unknown scenario(s) S12,X in 'S1,S12,X'; known: S1,"), e.getMessage());
    assertTrue(e.getMessage().endsWith(",T1"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Suite.only(",")).getMessage().contains("at least one"));
  }
}

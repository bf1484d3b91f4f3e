package dev.jflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's command line and table; the soak itself never runs in CI. */
class SoakTest {

  @Test
  void minutesMayBeAFractionAndTheOutputFileIsOptional() {
    assertEquals(new Soak.Options(0.5, Path.of("x.md")), Soak.Options.parse("--soak", "0.5", "--out", "x.md"));
    assertEquals(10, Soak.Options.parse("--soak", "10").minutes());
    assertEquals(Soak.Options.DEFAULT_OUT, Soak.Options.parse("--soak", "10").out());
  }

  @Test
  void badMinutesAreRefusedWithTheValue() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse("--soak", "ten")).getMessage().contains("'ten'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse("--soak", "0")).getMessage().contains("positive"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse("--soak")).getMessage().contains("needs a value"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse("--soak", "1", "--quick")).getMessage()
        .contains("--quick"));
  }

  @Test
  void rssAndThreadsComeFromProcStatus() {
    GatewaySample s = GatewaySample.parse(5_000_000, List.of("Name:\tjava", "VmRSS:\t  163840 kB", "Threads:\t31"));
    assertEquals(new GatewaySample(5_000_000, 163_840L * 1024, 31), s);
    assertEquals(new GatewaySample(1, -1, -1), GatewaySample.parse(1, List.of()));
  }

  @Test
  void aRowShowsIntervalCountsErrorsByCodeAndGatewayReadings() {
    Tally.Counts mixed = new Tally.Counts(1_234, 2, 0, Map.of("INTERNAL", 3L));
    Tally.Counts slow = new Tally.Counts(600, 1, 0, Map.of());
    Tally.Counts reconnect = new Tally.Counts(80, 0, 16, Map.of());
    GatewaySample grpc = new GatewaySample(10_500_000, 170_000_000, 31);
    GatewaySample ws = new GatewaySample(9_200_000, 145_000_000, 49);
    SoakRow row = new SoakRow(2, mixed, slow, reconnect, grpc, ws);

    assertEquals("| 2 | 1,234 | 600 | 80 | 3 | 16 | 3: mixed INTERNAL 3 | 10.5 | 170.0 | 31 | 9.2 | 145.0 | 49 |", row.markdown());
    assertEquals(SoakRow.HEADER.lines().findFirst().orElseThrow().chars().filter(c -> c == '|').count(),
        row.markdown().chars().filter(c -> c == '|').count());
  }

  @Test
  void theVerdictGivesGrowthFromTheFirstRowToTheLast() {
    Tally.Counts none = Tally.Counts.ZERO;
    SoakRow first = new SoakRow(1, none, none, none, new GatewaySample(10_000_000, 170_000_000, 31), new GatewaySample(9_000_000, 140_000_000, 49));
    SoakRow last = new SoakRow(10, none, none, none, new GatewaySample(10_500_000, 171_000_000, 31), new GatewaySample(9_000_000, 140_000_000, 50));
    String verdict = SoakRow.verdict(List.of(first, last), List.of(new Tally.Counts(100, 0, 0, Map.of()), none, none));

    assertTrue(verdict.startsWith("Verdict: from minute 1 to minute 10, gRPC gateway heap after GC +0.5 MB (10.0 → 10.5), RSS +1.0 MB"), verdict);
    assertTrue(verdict.contains("threads +1 (49 → 50)"), verdict);
    assertTrue(verdict.endsWith("100 requests, 0 shed, 0 own cancels, unexpected errors 0: PASS."), verdict);
    assertTrue(SoakRow.verdict(List.of(first), List.of(new Tally.Counts(1, 0, 0, Map.of("CANCELLED", 1L)), none, none))
        .endsWith("unexpected errors 1: mixed CANCELLED 1 (1 of them while the workloads stopped, after the last row): FAIL."));
  }

  @Test
  void countsSubtract() {
    Tally t = new Tally("t");
    t.done(5);
    t.error("X");
    Tally.Counts a = t.counts();
    t.done(2);
    t.error("X");
    t.error("Y");
    t.shed();
    assertEquals(new Tally.Counts(2, 1, 0, Map.of("X", 1L, "Y", 1L)), t.counts().minus(a));
  }
}

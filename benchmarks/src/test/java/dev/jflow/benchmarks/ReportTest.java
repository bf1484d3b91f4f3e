package dev.jflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void rowsAndVerdictsSurviveTheTripBetweenJvms() {
    Row row = new Row("S1", "JFlow (grpc, 2 pods)", 200_000.5, 2_000, 19.5, 40.25, 800, 160, Double.NaN, "5 rounds; a note");
    Verdict verdict = new Verdict("S1", "docs/s vs raw echo", 200_000, 350_000, true, 0.5);

    assertEquals(row, Row.decode(row.encode()));
    assertEquals(verdict, Verdict.decode(verdict.encode()));
  }

  @Test
  void aVerdictPassesOnTheRightSideOfItsTarget() {
    assertEquals("pass", new Verdict("S1", "docs/s", 60, 100, true, 0.5).outcome());
    assertEquals("MISS", new Verdict("S1", "docs/s", 40, 100, true, 0.5).outcome());
    assertEquals("pass", new Verdict("S3", "p50", 1.4, 1, false, 1.5).outcome());
    assertEquals("MISS", new Verdict("S3", "p50", 1.6, 1, false, 1.5).outcome());
    assertEquals("-", Verdict.report("S2", "req/s", 1, 2).outcome());
    assertEquals("≥ 0.5", new Verdict("S1", "docs/s", 1, 1, true, 0.5).targetText());
    assertEquals("≤ 1.5", new Verdict("S3", "p50", 1, 1, false, 1.5).targetText());
  }

  @Test
  void theTablesShowUnknownNumbersAsDashes() {
    String rows = Report.rows(List.of(new Row("S7", "JFlow (inprocess, 10 pods)", Double.NaN, Double.NaN, 3.5, 12, Double.NaN,
        Double.NaN, Double.NaN, "start 2.7 ms")));
    assertTrue(rows.contains("| S7 | JFlow (inprocess, 10 pods) | - | - | 3.500 | 12.0 | - | - / - | start 2.7 ms |"), rows);

    String verdicts = Report.verdicts(List.of(new Verdict("S1", "docs/s vs raw echo", 194_150, 345_587, true, 0.5)));
    assertTrue(verdicts.contains("| S1 | docs/s vs raw echo | 194,150 | 345,587 | 0.56 | ≥ 0.5 | pass |"), verdicts);
  }

  @Test
  void theSummaryReportsTheMedianRoundAndTheSpread() {
    Summary s = new Summary("x", List.of(round(300), round(100), round(200)));
    assertEquals(200_000_000L, s.median().wallNanos());
    assertEquals(1.0, s.spread(), 1e-9);
  }

  private static RoundResult round(long millis) {
    return new RoundResult(millis * 1_000_000, 10, new long[] {1, 2});
  }
}

package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pieces of the client's progress output: rate, ETA, bar and the two line formats. */
class ProgressFormatTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void rateIsDocsPerSecondAndZeroBeforeTimePassed() {
    assertEquals(8100.0, ProgressFormat.rate(16_200, 2 * SECOND), 1e-9);
    assertEquals(0.0, ProgressFormat.rate(10, 0));
  }

  @Test
  void etaRoundsUpAndIsUnknownWithoutATotalOrARate() {
    assertEquals(5, ProgressFormat.etaSeconds(12_000, 50_000, 8_100)); // 4.69 s
    assertEquals(0, ProgressFormat.etaSeconds(60, 50, 10), "past the total: nothing left");
    assertEquals(-1, ProgressFormat.etaSeconds(10, -1, 10), "no total");
    assertEquals(-1, ProgressFormat.etaSeconds(0, 50, 0), "no rate yet");
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertEquals("5 s", ProgressFormat.duration(5));
    assertEquals("2 min 05 s", ProgressFormat.duration(125));
    assertEquals("1 h 02 min", ProgressFormat.duration(3_720));
    assertEquals("?", ProgressFormat.duration(-1));
  }

  @Test
  void theBarFillsInProportionAndNeverOverflows() {
    assertEquals("[##--------]", ProgressFormat.bar(25, 100, 10));
    assertEquals("[----------]", ProgressFormat.bar(0, 100, 10));
    assertEquals("[##########]", ProgressFormat.bar(150, 100, 10));
    assertEquals(100, ProgressFormat.percent(150, 100));
    assertEquals(24, ProgressFormat.percent(12_000, 50_000));
  }

  @Test
  void linesShowCountsRateAndAnEtaOnlyWithATotal() {
    assertEquals("index: 12,000/50,000 docs, 8,100 docs/s, ETA 5 s", ProgressFormat.plainLine("index", 12_000, 50_000, 8_100));
    assertEquals("index: 12,000 docs, 8,100 docs/s", ProgressFormat.plainLine("index", 12_000, -1, 8_100));
    assertEquals("search [#####-------------------]  24% 12,000/50,000 docs, 8,100 docs/s, ETA 5 s",
        ProgressFormat.barLine("search", 12_000, 50_000, 8_100));
    assertEquals("search 12,000 docs, 8,100 docs/s", ProgressFormat.barLine("search", 12_000, -1, 8_100));
  }
}

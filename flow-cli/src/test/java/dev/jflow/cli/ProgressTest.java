package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When and how the client's progress is drawn, on a clock the test moves. */
class ProgressTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final StringWriter err = new StringWriter();

  private Progress progress(Progress.Style style, long total) {
    return new Progress(style, "index", total, new PrintWriter(err, true), now::get);
  }

  @Test
  void autoMeansABarOnATerminalAndLinesElsewhere() {
    assertEquals(Progress.Style.BAR, Progress.style(Progress.Mode.AUTO, true));
    assertEquals(Progress.Style.LINES, Progress.style(Progress.Mode.AUTO, false));
    assertEquals(Progress.Style.BAR, Progress.style(Progress.Mode.ALWAYS, false));
    assertEquals(Progress.Style.NONE, Progress.style(Progress.Mode.NEVER, true));
    assertEquals(Progress.Mode.ALWAYS, Progress.Mode.parse("Always"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Progress.Mode.parse("sometimes"));
    assertEquals("--progress must be auto, always or never, got 'sometimes'", e.getMessage());
  }

  @Test
  void plainLinesComeEveryTwoSecondsAndNotAtAllForAShortRun() {
    Progress p = progress(Progress.Style.LINES, 50_000);
    now.addAndGet(1_900 * MS);
    p.update(10_000);
    assertEquals("", err.toString(), "a run shorter than 2 s prints no progress");
    now.addAndGet(100 * MS);
    p.update(16_200);
    assertEquals("index: 16,200/50,000 docs, 8,100 docs/s, ETA 5 s" + System.lineSeparator(), err.toString());
    now.addAndGet(1_000 * MS);
    p.update(20_000);
    p.finish(50_000);
    assertEquals(1, err.toString().lines().count(), "at most one line every 2 s, none at the end: " + err);
  }

  @Test
  void theBarIsRedrawnInPlaceAtMostFiveTimesASecondAndEndsItsLine() {
    Progress p = progress(Progress.Style.BAR, -1);
    now.addAndGet(100 * MS);
    p.update(10);
    assertEquals("", err.toString());
    now.addAndGet(100 * MS);
    p.update(20_000);
    now.addAndGet(50 * MS);
    p.update(20_010); // too soon
    String first = "index 20,000 docs, 100,000 docs/s";
    assertEquals("\r" + first, err.toString());
    now.addAndGet(200 * MS);
    p.update(9);
    String shorter = "index 9 docs, 20 docs/s";
    assertTrue(err.toString().endsWith("\r" + shorter + " ".repeat(first.length() - shorter.length())),
        "a shorter line blanks out the longer one: " + err);
    p.finish(10);
    assertTrue(err.toString().endsWith("\rindex 10 docs, 22 docs/s" + System.lineSeparator()), "drawn a last time: " + err);
  }

  @Test
  void neverPrintsNothing() {
    Progress p = progress(Progress.Style.NONE, 10);
    now.addAndGet(10_000 * MS);
    p.update(5);
    p.finish(10);
    assertEquals("", err.toString());
  }

  @Test
  void theTotalCountsDocumentsAsTheClientReadsTheFile(@TempDir Path dir) throws Exception {
    assertEquals(5, InputTotal.of(Files.writeString(dir.resolve("docs.txt"), "one\n\n  \ntwo\r\nthree")), "text: every line");
    assertEquals(2, InputTotal.of(Files.writeString(dir.resolve("end.txt"), "one\ntwo\n")), "no line after the last newline");
    assertEquals(2, InputTotal.of(Files.writeString(dir.resolve("docs.ndjson"), "{}\n\n {} \n")), "NDJSON skips blank lines");
    assertEquals(2, InputTotal.of(Files.writeString(dir.resolve("docs.csv"), "id,text\n1,a\n\n2,b\n")), "CSV: less the header");
    assertEquals(-1, InputTotal.of(dir), "not a regular file: unknown");
    assertEquals(-1, InputTotal.of(dir.resolve("missing.txt")));
  }
}

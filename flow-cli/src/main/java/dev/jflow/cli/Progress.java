package dev.jflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code jflow client}'s progress on stderr: on a terminal a bar redrawn in place with {@code \r} at most
 * five times a second, elsewhere a plain line every two seconds (none for a run shorter than that). The
 * ETA needs a known total; without one only counts and rate show. Thread-safe: responses arrive on
 * several threads.
 */
final class Progress {
  /** How often the bar is redrawn at most. */
  static final long BAR_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** How often a plain line is printed at most. */
  static final long LINE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** What {@code --progress} asks for. */
  enum Mode {
    /** A bar on a terminal, plain lines elsewhere. */
    AUTO,
    /** A bar even when stderr is not a terminal. */
    ALWAYS,
    /** No progress output. */
    NEVER;

    /** The mode named {@code value} (any case), naming the choices when there is none. */
    static Mode parse(String value) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException("--progress must be auto, always or never, got '" + value + "'");
    }
  }

  /** How progress shows. */
  enum Style { BAR, LINES, NONE }

  private final Style style;
  private final String operation;
  private final long total;
  private final PrintWriter err;
  private final LongSupplier clock;
  private final long start;
  private long nextDraw;
  private int lastLength;

  /** Progress of {@code total} documents ({@code -1}: unknown) in {@code style}, on {@code err}, timed by {@code clock} (ns). */
  Progress(Style style, String operation, long total, PrintWriter err, LongSupplier clock) {
    this.style = style;
    this.operation = operation;
    this.total = total;
    this.err = err;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.nextDraw = start + (style == Style.BAR ? BAR_EVERY_NANOS : LINE_EVERY_NANOS);
  }

  /** The style {@code mode} means where {@code terminal} says whether the output goes to one. */
  static Style style(Mode mode, boolean terminal) {
    return switch (mode) {
      case NEVER -> Style.NONE;
      case ALWAYS -> Style.BAR;
      case AUTO -> terminal ? Style.BAR : Style.LINES;
    };
  }

  /** Whether this process runs on a terminal: a console whose output is not redirected. */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // JDK 22+ hands out a console for redirected output too; isTerminal() tells
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a console means stdin and stdout are terminals
    }
  }

  /** Reports {@code done} documents so far; draws when the style's interval has passed. */
  synchronized void update(long done) {
    if (style == Style.NONE) {
      return;
    }
    long now = clock.getAsLong();
    if (now - nextDraw < 0) {
      return;
    }
    nextDraw = now + (style == Style.BAR ? BAR_EVERY_NANOS : LINE_EVERY_NANOS);
    draw(done, now);
  }

  /** Ends the progress after {@code done} documents: the bar is drawn a last time and its line ended. */
  synchronized void finish(long done) {
    if (style == Style.BAR) {
      draw(done, clock.getAsLong());
      err.println();
      err.flush();
    }
  }

  private void draw(long done, long now) {
    double rate = ProgressFormat.rate(done, now - start);
    if (style == Style.LINES) {
      err.println(ProgressFormat.plainLine(operation, done, total, rate));
    } else {
      String line = ProgressFormat.barLine(operation, done, total, rate);
      err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length()))); // blank out a longer last line
      lastLength = line.length();
    }
    err.flush();
  }
}

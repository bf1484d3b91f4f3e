package dev.jflow.cli;

import java.util.Locale;

/** The pieces of {@code jflow client}'s progress output, as pure functions of counts and time. */
final class ProgressFormat {
  /** Characters between the brackets of {@link #bar}. */
  static final int BAR_WIDTH = 24;

  private ProgressFormat() {}

  /** Documents a second after {@code docs} in {@code nanos}; 0 before any time passed. */
  static double rate(long docs, long nanos) {
    return nanos <= 0 ? 0 : docs * 1e9 / nanos;
  }

  /** Seconds left for {@code total - done} documents at {@code rate}, rounded up; -1 when unknown (no total, no rate yet). */
  static long etaSeconds(long done, long total, double rate) {
    if (total < 0 || rate <= 0) {
      return -1;
    }
    return (long) Math.ceil(Math.max(0, total - done) / rate);
  }

  /** {@code 5 s}, {@code 2 min 05 s} or {@code 1 h 02 min}; {@code ?} when unknown (negative). */
  static String duration(long seconds) {
    if (seconds < 0) {
      return "?";
    }
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60);
  }

  /** {@code [######------]} filled in proportion to {@code done} of {@code total} (clamped to full), {@code width} inside. */
  static String bar(long done, long total, int width) {
    int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
    return "[" + "#".repeat(Math.max(0, filled)) + "-".repeat(width - Math.max(0, filled)) + "]";
  }

  /** The percentage of {@code total} done, clamped to 0..100. */
  static int percent(long done, long total) {
    return total <= 0 ? 100 : (int) Math.max(0, Math.min(100, done * 100 / total));
  }

  /**
   * The line redrawn on a terminal: {@code index [####----] 40% 12,000/30,000 docs, 8,100 docs/s, ETA 3 s}, or without a
   * known total ({@code total < 0}) {@code index 12,000 docs, 8,100 docs/s}.
   */
  static String barLine(String operation, long done, long total, double rate) {
    if (total < 0) {
      return operation + " " + plain(done, total, rate);
    }
    return operation + " " + bar(done, total, BAR_WIDTH) + " " + String.format(Locale.ROOT, "%3d%% ", percent(done, total))
        + plain(done, total, rate);
  }

  /** A line for logs (no terminal): {@code index: 12,000/50,000 docs, 8,100 docs/s, ETA 5 s}; no total, no ETA. */
  static String plainLine(String operation, long done, long total, double rate) {
    return operation + ": " + plain(done, total, rate);
  }

  private static String plain(long done, long total, double rate) {
    String counts = total < 0 ? String.format(Locale.ROOT, "%,d docs", done)
        : String.format(Locale.ROOT, "%,d/%,d docs", done, total);
    String line = counts + String.format(Locale.ROOT, ", %,.0f docs/s", rate);
    return total < 0 ? line : line + ", ETA " + duration(etaSeconds(done, total, rate));
  }
}

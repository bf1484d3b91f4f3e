package dev.jflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many documents an input file holds, for the client's ETA, read as {@code jflow client} reads it: a
 * text file's every line, an NDJSON file's non-blank lines, a CSV file's non-blank lines less the header.
 */
final class InputTotal {
  /** Files larger than this are not counted (reading them twice would cost too much); their total is unknown. */
  static final long MAX_COUNTED_BYTES = 1L << 30;

  private InputTotal() {}

  /** The documents in {@code file}, or -1 when unknown: not a regular file (a pipe), larger than 1 GiB, or unreadable. */
  static long of(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean csv = name.endsWith(".csv");
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_COUNTED_BYTES) {
        return -1;
      }
      if (csv || name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
        long lines = lines(file, true);
        return csv ? Math.max(0, lines - 1) : lines;
      }
      return lines(file, false);
    } catch (IOException e) {
      return -1;
    }
  }

  private static long lines(Path file, boolean skipBlank) throws IOException {
    long lines = 0;
    boolean content = false;
    boolean started = false; // the last line has a character, blank or not
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            lines += content || !skipBlank ? 1 : 0;
            content = false;
            started = false;
          } else {
            started = true;
            content |= b != ' ' && b != '\t' && b != '\r';
          }
        }
      }
    }
    return content || (started && !skipBlank) ? lines + 1 : lines;
  }
}

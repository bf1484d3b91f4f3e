package dev.jflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many documents an input file holds, for the client's ETA: its non-blank lines, less a CSV header. */
final class InputTotal {
  /** Files larger than this are not counted (reading them twice would cost too much); their total is unknown. */
  static final long MAX_COUNTED_BYTES = 1L << 30;

  private InputTotal() {}

  /** The documents in {@code file}, or -1 when unknown: not a regular file (a pipe), larger than 1 GiB, or unreadable. */
  static long of(Path file, boolean csvHeader) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_COUNTED_BYTES) {
        return -1;
      }
      long lines = nonBlankLines(file);
      return csvHeader ? Math.max(0, lines - 1) : lines;
    } catch (IOException e) {
      return -1;
    }
  }

  private static long nonBlankLines(Path file) throws IOException {
    long lines = 0;
    boolean content = false;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            lines += content ? 1 : 0;
            content = false;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            content = true;
          }
        }
      }
    }
    return content ? lines + 1 : lines;
  }
}

package dev.jflow.cli.export;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes an export's files into a directory (made when missing, files overwritten) and prints each path written. */
final class ExportFiles {
  private ExportFiles() {}

  /** Writes {@code files} (name to text) into {@code dir}, printing each path to {@code out}. */
  static void write(Path dir, Map<String, String> files, PrintWriter out) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "cannot make the directory " + dir + ": " + e).withCause(e));
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path path = dir.resolve(f.getKey());
      try {
        Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "cannot write " + path + ": " + e).withCause(e));
      }
      out.println(path);
    }
    out.flush();
  }
}

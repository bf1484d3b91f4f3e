package dev.jflow.api.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Guesses a file's MIME type from its name. */
final class MimeTypes {
  /** The type of files nothing is known about. */
  static final String UNKNOWN = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("txt", "text/plain"), Map.entry("json", "application/json"),
      Map.entry("csv", "text/csv"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
      Map.entry("pdf", "application/pdf"), Map.entry("wav", "audio/wav"), Map.entry("mp3", "audio/mpeg"),
      Map.entry("mp4", "video/mp4"));

  private MimeTypes() {}

  /** What {@link Files#probeContentType} says, else a type from a small table of extensions, else {@link #UNKNOWN}. */
  static String guess(Path file) {
    try {
      String probed = Files.probeContentType(file);
      if (probed != null) {
        return probed;
      }
    } catch (IOException e) {
      // an unreadable type database is no reason to fail: fall back to the table
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return BY_EXTENSION.getOrDefault(ext, UNKNOWN);
  }
}

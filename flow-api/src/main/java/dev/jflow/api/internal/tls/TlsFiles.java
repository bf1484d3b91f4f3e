package dev.jflow.api.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Reading TLS files, with failures as sentences naming the file, and telling when files changed. */
final class TlsFiles {
  private TlsFiles() {}

  /** The file's text (PEM is ASCII), or an {@link IllegalArgumentException} saying why it cannot be read. */
  static String text(Path file) {
    return new String(bytes(file), StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException("it is a directory, not a file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file not found");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("cannot read it: permission denied");
    } catch (FileSystemException e) {
      throw new IllegalArgumentException("cannot read it: " + (e.getReason() != null ? e.getReason() : e.getMessage()));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read it: " + e.getMessage());
    }
  }

  /** {@code file: problem}, with the absolute path. */
  static String problem(Path file, String problem) {
    return file.toAbsolutePath() + ": " + problem;
  }

  /**
   * What the files look like now: modification time, size and identity (a file replaced by a rename, as
   * Kubernetes updates secrets, has another identity). Equal stamps mean nothing changed.
   */
  static List<Object> stamps(List<Path> files) {
    List<Object> out = new ArrayList<>();
    for (Path f : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        out.add(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
      } catch (IOException e) {
        out.add("unreadable");
      }
    }
    return out;
  }
}

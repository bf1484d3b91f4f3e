package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns I/O failures on input files into {@link FlowException}s that name the file. */
final class FileErrors {
  private FileErrors() {}

  /** NOT_FOUND for a missing file, INVALID_ARGUMENT for anything else, with the absolute path. */
  static FlowException readFailure(Path file, IOException e) {
    Path path = file.toAbsolutePath();
    if (e instanceof NoSuchFileException) {
      return new FlowException(Status.Code.NOT_FOUND, "file not found: " + path, e);
    }
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof CharacterCodingException) {
      reason = "it is not valid UTF-8 text";
    } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      reason = ((FileSystemException) e).getReason();
    } else {
      reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return new FlowException(Status.Code.INVALID_ARGUMENT, "cannot read " + path + ": " + reason, e);
  }
}

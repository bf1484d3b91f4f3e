package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The lines of a UTF-8 file (without a leading byte order mark), read lazily: the file is opened on
 * the first {@link #hasNext()} and closed at the end or by {@link #close()}, whichever comes first.
 */
final class FileLines implements InputReaders.CloseableIterator<String> {
  private final Path file;
  private BufferedReader reader;
  private String next;
  private boolean closed;

  FileLines(Path file) {
    if (file == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "file is null; pass the path of a UTF-8 text file");
    }
    this.file = file;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    try {
      boolean first = reader == null;
      if (first) {
        reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      }
      next = reader.readLine();
      if (first && next != null && next.startsWith("\uFEFF")) {
        next = next.substring(1);
      }
    } catch (IOException e) {
      closeQuietly(e);
      throw FileErrors.readFailure(file, e);
    }
    if (next == null) {
      close();
    }
    return next != null;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more lines in " + file);
    }
    String line = next;
    next = null;
    return line;
  }

  /** Closes the file; later calls to {@link #hasNext()} return false. Idempotent. */
  @Override
  public void close() {
    closed = true;
    next = null;
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw FileErrors.readFailure(file, e);
      } finally {
        reader = null;
      }
    }
  }

  private void closeQuietly(IOException failure) {
    try {
      close();
    } catch (FlowException e) {
      failure.addSuppressed(e);
    }
  }
}

package dev.jflow.api.internal;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A lazy iterator turning lines into documents. A line that cannot be parsed fails with an
 * INVALID_ARGUMENT {@link FlowException} naming the source and the 1-based line number. Closing it
 * closes the lines when they are closeable.
 */
abstract class LineParser implements InputReaders.CloseableIterator<Document> {
  private final Iterator<String> lines;
  private final String sourceName;
  private int lineNumber;
  private Document next;

  LineParser(Iterator<String> lines, String sourceName) {
    if (lines == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "lines of " + sourceName + " are null");
    }
    this.lines = lines;
    this.sourceName = sourceName;
  }

  /**
   * The document a line describes, or null to skip the line. May read further lines with {@link #nextLine()}.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  abstract Document parse(String line);

  @Override
  public final boolean hasNext() {
    while (next == null) {
      String line = nextLine();
      if (line == null) {
        return false;
      }
      int at = lineNumber;
      try {
        next = parse(line);
      } catch (IllegalArgumentException e) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, sourceName + " line " + at + ": " + e.getMessage(), e);
      }
    }
    return true;
  }

  @Override
  public final Document next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more lines in " + sourceName);
    }
    Document d = next;
    next = null;
    return d;
  }

  /** The next line, or null at the end. */
  final String nextLine() {
    if (!lines.hasNext()) {
      return null;
    }
    lineNumber++;
    String line = lines.next();
    if (line == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, sourceName + " line " + lineNumber + " is null");
    }
    return line;
  }

  @Override
  public void close() {
    InputReaders.closeIfCloseable(lines);
  }
}

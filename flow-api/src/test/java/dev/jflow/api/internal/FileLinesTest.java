package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLinesTest {
  @TempDir
  Path dir;

  /** How many descriptors this process holds open on {@code file} (Linux). */
  private static long openDescriptors(Path file) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      }).count();
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void readsUtf8LinesWithoutAByteOrderMark() throws IOException {
    Path file = write("a.txt", "\uFEFFfirst\r\nzweite Zeile ü\n\nlast 😀");

    List<String> lines = new ArrayList<>();
    InputReaders.readLines(file).forEachRemaining(lines::add);

    assertEquals(List.of("first", "zweite Zeile ü", "", "last 😀"), lines);
  }

  @Test
  void opensTheFileOnFirstUseAndClosesItAtTheEnd() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc to see open files");
    Path file = write("b.txt", "1\n2\n");

    Iterator<String> lines = InputReaders.readLines(file);
    assertEquals(0, openDescriptors(file), "not opened before it is read");
    assertEquals("1", lines.next());
    assertEquals(1, openDescriptors(file));
    assertEquals("2", lines.next());
    assertFalse(lines.hasNext());
    assertEquals(0, openDescriptors(file), "closed once the last line was read");
  }

  @Test
  void closeAfterAPartialReadReleasesTheFileAndEndsTheLines() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc to see open files");
    Path file = write("c.txt", "1\n2\n3\n");
    Iterator<String> lines = InputReaders.readLines(file);
    assertEquals("1", lines.next());

    InputReaders.CloseableIterator<String> closeable = (InputReaders.CloseableIterator<String>) lines;
    closeable.close();
    closeable.close();

    assertEquals(0, openDescriptors(file));
    assertFalse(lines.hasNext());
  }

  @Test
  void closeBeforeReadingNeverOpensTheFile() {
    Iterator<String> lines = InputReaders.readLines(dir.resolve("missing.txt"));
    ((InputReaders.CloseableIterator<String>) lines).close();

    assertFalse(lines.hasNext());
  }

  @Test
  void aMissingFileFailsOnFirstReadNamingThePath() {
    Path missing = dir.resolve("missing.txt");
    Iterator<String> lines = InputReaders.readLines(missing);

    FlowException e = assertThrows(FlowException.class, lines::hasNext);
    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertEquals("file not found: " + missing.toAbsolutePath(), e.status().description());
  }

  @Test
  void invalidUtf8IsReportedNamingTheFile() throws IOException {
    Path file = Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    Iterator<String> lines = InputReaders.readLines(file);

    FlowException e = assertThrows(FlowException.class, () -> lines.forEachRemaining(line -> { }));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("cannot read " + file.toAbsolutePath() + ": it is not valid UTF-8 text", e.status().description());
    assertFalse(lines.hasNext(), "a failed file is closed");
  }

  @Test
  void aDirectoryIsReportedNamingIt() {
    FlowException e = assertThrows(FlowException.class, () -> InputReaders.readLines(dir).hasNext());
    assertTrue(e.getMessage().contains("cannot read " + dir.toAbsolutePath()), e.getMessage());
  }
}

package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesReaderTest {
  @TempDir
  Path root;

  @BeforeEach
  void tree() throws IOException {
    Files.createDirectories(root.resolve("sub/deeper"));
    Files.writeString(root.resolve("a.txt"), "alpha");
    Files.write(root.resolve("b.png"), new byte[] {1, 2, 3});
    Files.write(root.resolve("sub/c.png"), new byte[] {4});
    Files.write(root.resolve("sub/deeper/d.png"), new byte[] {5});
    Files.writeString(root.resolve("sub/e.json"), "{}");
    Files.writeString(root.resolve("f.zzq"), "?");
  }

  private List<Document> files(boolean recursive, String... patterns) {
    List<Document> docs = new ArrayList<>();
    InputReaders.files(List.of(patterns), recursive).forEachRemaining(docs::add);
    return docs;
  }

  private List<String> names(boolean recursive, String... patterns) {
    return files(recursive, patterns).stream().map(d -> root.relativize(Path.of(d.uri())).toString()).toList();
  }

  @Test
  void doubleStarCrossesDirectoriesWhenRecursiveIncludingNone() {
    assertEquals(List.of("b.png", "sub/c.png", "sub/deeper/d.png"), names(true, root + "/**/*.png"));
    assertEquals(List.of("sub/c.png", "sub/deeper/d.png", "sub/e.json"), names(true, root + "/sub/**"));
  }

  @Test
  void doubleStarMatchesOneDirectoryLevelWhenNotRecursive() {
    assertEquals(List.of("sub/c.png"), names(false, root + "/**/*.png"));
    assertEquals(List.of("b.png"), names(false, root + "/*.png"));
  }

  @Test
  void filesOfSeveralPatternsAreSortedWithoutDuplicates() {
    assertEquals(List.of("a.txt", "f.zzq", "sub/e.json"),
        names(true, root + "/sub/*.json", root + "/*.txt", root + "/{a.txt,f.*}"));
  }

  @Test
  void aPatternWithoutGlobCharactersMatchesThatFile() {
    assertEquals(List.of("sub/e.json"), names(true, root + "/sub/e.json"));
  }

  @Test
  void relativePatternsStartInTheCurrentDirectory() {
    Path relative = Path.of("").toAbsolutePath().relativize(root);
    assertEquals(List.of("a.txt"), names(true, relative + "/*.txt"));
  }

  @Test
  void documentsHoldTheBytesTheAbsolutePathAndAGuessedMimeType() throws IOException {
    List<Document> docs = files(true, root + "/*");

    assertEquals(3, docs.size());
    Document text = docs.get(0);
    assertEquals(root.resolve("a.txt").toAbsolutePath().toString(), text.uri());
    assertArrayEquals("alpha".getBytes(StandardCharsets.UTF_8), text.buffer());
    assertEquals("text/plain", text.mimeType());
    assertArrayEquals(new byte[] {1, 2, 3}, docs.get(1).buffer());
    assertEquals("image/png", docs.get(1).mimeType());
    assertEquals("application/octet-stream", docs.get(2).mimeType());
  }

  @Test
  void filesAreReadOneAtATimeAsTheIteratorAdvances() throws IOException {
    Iterator<Document> docs = InputReaders.files(List.of(root + "/*.png", root + "/*.txt"), true);
    assertEquals("alpha", new String(docs.next().buffer(), StandardCharsets.UTF_8));
    Files.write(root.resolve("b.png"), new byte[] {9});
    Files.delete(root.resolve("sub/c.png"));

    assertArrayEquals(new byte[] {9}, docs.next().buffer(), "read when reached, not when listed");
    assertFalse(docs.hasNext());
  }

  @Test
  void aFileThatVanishedIsReportedNamingIt() throws IOException {
    Iterator<Document> docs = InputReaders.files(List.of(root + "/*.png"), true);
    Files.delete(root.resolve("b.png"));

    FlowException e = assertThrows(FlowException.class, docs::next);
    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains(root.resolve("b.png").toString()), e.getMessage());
  }

  @Test
  void noMatchGivesNoDocuments() {
    assertEquals(List.of(), files(true, root + "/**/*.gif"));
  }

  @Test
  void aPatternStartingInAMissingDirectoryIsRejected() {
    String pattern = root + "/missing/*.png";
    FlowException e = assertThrows(FlowException.class, () -> InputReaders.files(List.of(pattern), true));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("file pattern '" + pattern + "' starts in " + root.resolve("missing") + ", which does not exist",
        e.status().description());
  }

  @Test
  void invalidPatternsAreRejected() {
    FlowException glob = assertThrows(FlowException.class, () -> InputReaders.files(List.of(root + "/[a.txt"), true));
    assertTrue(glob.getMessage().contains("is not a valid glob"), glob.getMessage());

    List<String> blank = List.of(root + "/*.txt", " ");
    FlowException e = assertThrows(FlowException.class, () -> InputReaders.files(blank, true));
    assertTrue(e.getMessage().contains("file pattern 2 is blank"), e.getMessage());
  }
}

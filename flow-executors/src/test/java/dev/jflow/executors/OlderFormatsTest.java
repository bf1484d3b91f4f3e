package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspaces written by JFlow before documents were stored as DocumentProto (document record format 1,
 * the files under {@code src/test/resources/format-1}, written by commit 079c9f1's executors): a store
 * or file holding such documents fails clearly, naming the file and the older format, never with a crash
 * or as empty data; files without documents keep working.
 */
class OlderFormatsTest {
  @TempDir
  Path tmp;

  /** Copies {@code format-1/<dir>/<file>} into the workspace {@code tmp}. */
  private Path old(String dir, String file) throws Exception {
    Path target = tmp.resolve(dir).resolve(file);
    Files.createDirectories(target.getParent());
    try (InputStream in = getClass().getResourceAsStream("/format-1/" + dir + "/" + file)) {
      Files.copy(in, target);
    }
    return target;
  }

  private static void assertOlderFormat(FlowException e, Path file) {
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    String says = e.status().description();
    assertTrue(says.startsWith(file.toString()) && says.contains("written by an older JFlow")
        && says.contains("document record format 1") && says.contains("reads format 2"), says);
  }

  @Test
  void aDocumentStoreOfTheOlderFormatFailsToOpenSayingSo() throws Exception {
    Path file = old("kv", KeyValueIndexer.FILE);
    for (int attempt = 0; attempt < 2; attempt++) { // the second finds the file closed again, not "in use"
      KeyValueIndexer kv = new KeyValueIndexer();
      assertOlderFormat(assertThrows(FlowException.class, () -> kv.open(context("kv", "workspace", tmp))), file);
    }
  }

  @Test
  void aDumpOfTheOlderFormatFailsToLoadSayingSo() throws Exception {
    Path dump = old("kv", KeyValueIndexer.FILE);
    KeyValueIndexer kv = new KeyValueIndexer();
    FlowException e = assertThrows(FlowException.class, () -> kv.open(context("kv", "load_path", dump)));
    assertOlderFormat(e, dump);
  }

  @Test
  void aWorkspaceOfTheOlderFormatIsReplacedByADumpOfThisOne() throws Exception {
    old("kv", KeyValueIndexer.FILE);
    Path dump = tmp.resolve("dump");
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv"));
      kv.put(Document.withId("new").text("written now"));
      kv.dump(dump.toString(), 1);
    }
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv", "workspace", tmp, "load_path", dump));
      assertEquals(1, kv.size());
      assertEquals("written now", kv.get("new").text());
    }
  }

  @Test
  void vectorsWithDocumentsOfTheOlderFormatFailToLoadSayingSo() throws Exception {
    Path file = old("vec", VectorFile.NAME);
    VectorIndexer index = new VectorIndexer();
    FlowException e = assertThrows(FlowException.class, () -> index.open(context("vec", "workspace", tmp)));
    assertOlderFormat(e, file);
    assertTrue(e.status().description().contains("(document 'a')"), e.status().description());
  }

  @Test
  void theTextEncodersFileHasNoDocumentsAndStillLoads() throws Exception {
    old("enc", TextEncoder.FILE);
    try (TextEncoder encoder = new TextEncoder()) {
      encoder.open(context("enc", "workspace", tmp, "df_buckets", 64));
      assertEquals(2, encoder.documentsSeen());
    }
  }

  @Test
  void aFileOfAnOlderVersionFailsSayingSo() throws Exception {
    Path file = tmp.resolve("old.bin");
    CheckedFile.write(file, "JFXX", 1, out -> out.i32(7));
    FlowException e = assertThrows(FlowException.class, () -> CheckedFile.read(file, "JFXX", 2, in -> in.i32()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    assertTrue(e.status().description().startsWith(file + " was written by an older JFlow in format version 1; this JFlow reads "
        + "version 2"), e.status().description());
    assertEquals(Integer.valueOf(7), CheckedFile.read(file, "JFXX", 1, in -> in.i32()));
    IllegalStateException newer = assertThrows(IllegalStateException.class, () -> CheckedFile.read(file, "JFXX", 0, in -> in.i32()));
    assertTrue(newer.getMessage().contains("has format version 1"), newer.getMessage());
  }
}

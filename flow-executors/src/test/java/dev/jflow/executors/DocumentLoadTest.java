package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A load_path load into a document store is all or nothing, in memory and on disk. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DocumentLoadTest {
  @TempDir
  Path tmp;

  private static List<String> ids(DocumentStore s) {
    return s.guarded(() -> List.copyOf(s.documents.keySet()));
  }

  @Test
  void aDumpWithADamagedSecondPartLeavesTheStoreAsItWasAlsoAfterReopen() throws Exception {
    Path part0 = tmp.resolve("documents-0.mv.db");
    try (DocumentStore dump = DocumentStore.open(part0, false, List.of(), null)) {
      String big = "x".repeat(1 << 20);
      for (int i = 0; i < 40; i++) { // 40 MiB: past the size at which MVStore would commit on its own
        dump.documents.put("big" + i, DocumentRecord.encode(Document.withId("big" + i).text(big)));
      }
      dump.commit();
    }
    Path part1 = tmp.resolve("shard-1/documents-0.mv.db");
    Files.createDirectories(part1.getParent());
    Files.write(part1, new byte[8192]); // not an MVStore file
    Path file = tmp.resolve("ws/documents.mv.db");
    Files.createDirectories(file.getParent());
    try (DocumentStore store = DocumentStore.open(file, false, List.of(), null)) {
      store.documents.put("old", DocumentRecord.encode(Document.withId("old").text("kept")));
      store.commit();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.replace("p", List.of(part0, part1)));
      assertTrue(e.getMessage().contains(part1.toString()), e.getMessage());
      assertEquals(List.of("old"), ids(store), "the failed load changed nothing");
    }
    try (DocumentStore reopened = DocumentStore.open(file, false, List.of(), null)) {
      assertEquals(List.of("old"), ids(reopened), "nothing of the failed load was committed");
    }
  }
}

package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An answered write survives the process being killed (SIGKILL) right after the answer. */
class HnswDurabilityTest {
  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aProcessKilledWithSigkillLosesNoAcknowledgedDocument() throws Exception {
    String classPath = System.getProperty("java.class.path");
    Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
        HnswCrashMain.class.getName(), tmp.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int acked = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked < 15 && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked = Integer.parseInt(line.substring(6));
        }
      }
      // SIGKILL, in the middle of the next request's writes or commit; what it acknowledged after this
      // line is not checked (killing closes the pipe)
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertTrue(acked >= 15, "the child acknowledged " + acked);
    assertEquals(137, child.exitValue(), "killed by SIGKILL");

    try (HnswIndexer reopened = new HnswIndexer()) {
      reopened.open(context("crash", "workspace", tmp));
      assertTrue(reopened.size() >= (acked + 1) * HnswCrashMain.BATCH, "size " + reopened.size() + " after " + acked);
      reopened.dump(tmp.resolve("dump").toString(), 1);
      VectorIndexer copy = new VectorIndexer();
      copy.open(context("copy", "load_path", tmp.resolve("dump")));
      Set<String> present = new HashSet<>();
      copy.forEachId(present::add);
      List<String> lost = new ArrayList<>();
      for (int n = 0; n <= acked; n++) {
        for (Document d : HnswCrashMain.batch(n)) {
          if (!present.contains(d.id())) {
            lost.add(d.id());
          }
        }
      }
      assertEquals(List.of(), lost, "acknowledged documents lost");
      for (Document d : HnswCrashMain.batch(acked)) { // and searchable, with their documents
        Document q = HnswIndexerTest.searchFor(reopened, d.embedding().toFloatArray(), 3);
        assertEquals(d.id(), q.matches().get(0).id());
        assertEquals("batch " + acked, q.matches().get(0).text());
      }
    }
  }
}

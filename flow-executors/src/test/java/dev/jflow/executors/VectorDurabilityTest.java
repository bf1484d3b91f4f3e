package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** VectorIndexer's write-ahead log: a killed process loses no acknowledged vector; a torn tail is cut, damage refused. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VectorDurabilityTest {
  @TempDir
  Path tmp;

  @Test
  void aProcessKilledWithKill9LosesNoAcknowledgedVector() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IndexingChild.class.getName(),
        tmp.toString()).redirectErrorStream(true).start();
    AtomicInteger acks = new AtomicInteger();
    CompletableFuture<Void> enough = new CompletableFuture<>();
    List<String> other = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.matches("acked \\d+")) {
            acks.accumulateAndGet(Integer.parseInt(line.substring(6)), Math::max);
            if (acks.get() >= 40) {
              enough.complete(null);
            }
          } else {
            other.add(line);
          }
        }
      } catch (java.io.IOException e) {
        // the kill closed the stream
      }
      enough.completeExceptionally(new AssertionError("the child stopped after " + acks.get() + " batches: " + other));
    });
    reader.start();
    int acked;
    try {
      enough.get(60, TimeUnit.SECONDS);
      acked = acks.get(); // every batch acknowledged so far: the ones after this may or may not have made it
      IllegalStateException inUse = assertThrows(IllegalStateException.class,
          () -> new VectorIndexer().open(context("vec", "workspace", tmp, "metric", "euclidean")));
      assertTrue(inUse.getMessage().contains("is in use by another process")
          && inUse.getMessage().contains("replicas in other processes need their own workspace"), inUse.getMessage());
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no save
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child was killed");
    } finally {
      child.destroyForcibly();
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(acked >= 40, "the child acknowledged " + acked + " batches; it said " + other);
    Path dir = tmp.resolve("vec");
    assertTrue(Files.isRegularFile(dir.resolve(VectorFile.NAME)), "the dump after batch 3 saved a snapshot");
    assertTrue(Files.size(dir.resolve(VectorLog.NAME)) > 1000, "later batches are in the log only");

    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", tmp, "metric", "euclidean"));
      Set<String> ids = new HashSet<>();
      index.forEachId(ids::add);
      for (int batch = 1; batch <= acked; batch++) {
        for (int i = 0; i < IndexingChild.BATCH; i++) {
          assertTrue(ids.contains("b" + batch + "-" + i), "acknowledged b" + batch + "-" + i + " survived the kill");
        }
        VectorIndexer.Hits hit = index.query(IndexingChild.vector(batch, batch % IndexingChild.BATCH), 1);
        assertEquals("b" + batch + "-" + (batch % IndexingChild.BATCH), hit.id(0));
        assertEquals(0f, hit.score(0), "the vector as indexed");
      }
      Document q = Document.withId("q").embedding(NdArray.of(IndexingChild.vector(acked, 0)));
      index.handle(Fixtures.search(List.of(q), 1));
      assertEquals("batch " + acked, q.matches().get(0).text(), "kept documents are in the log too");
    }
  }

  /** Indexes three requests of five documents into {@code live} and copies its log, as a crash would leave it, to {@code crashed/vec}. */
  private Path crashedLog(Path live, Path crashed) throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", live));
      for (int batch = 0; batch < 3; batch++) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          docs.add(Document.withId("d" + batch + i).text("t").embedding(NdArray.of(IndexingChild.vector(batch, i))));
        }
        index.handle(Fixtures.request(RequestType.INDEX, docs));
      }
      assertFalse(Files.exists(live.resolve("vec").resolve(VectorFile.NAME)), "nothing saved a snapshot yet");
      Files.createDirectories(crashed.resolve("vec"));
      return Files.copy(live.resolve("vec").resolve(VectorLog.NAME), crashed.resolve("vec").resolve(VectorLog.NAME));
    }
  }

  private static int size(Path workspace) throws Exception {
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", workspace));
      return index.size();
    }
  }

  @Test
  void aTornLastAppendIsCutOffAndTheRestReplayed() throws Exception {
    Path crashed = tmp.resolve("crashed");
    Path log = crashedLog(tmp.resolve("live"), crashed);
    long whole = Files.size(log);
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(whole - 10); // the process died while appending the last record
    }
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", crashed));
      assertEquals(10, index.size(), "every whole request is replayed, the torn one not at all");
      assertTrue(Files.size(log) < whole - 10, "the torn record was cut off the log: " + Files.size(log));
      index.add("after", IndexingChild.vector(9, 9)); // appends after the cut, not after the garbage
      Files.copy(log, crashed.resolve("copy.log"), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.createDirectories(crashed.resolve("again/vec"));
    Files.copy(crashed.resolve("copy.log"), crashed.resolve("again/vec").resolve(VectorLog.NAME));
    assertEquals(11, size(crashed.resolve("again")), "the log holds the requests before the cut and the one after");
  }

  @Test
  void aDamagedRecordFollowedByGoodOnesFailsTheOpenNamingTheLog() throws Exception {
    Path crashed = tmp.resolve("crashed");
    Path log = crashedLog(tmp.resolve("live"), crashed);
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, 40);
      b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
      ch.write(b, 40); // a byte inside the first record's payload
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new VectorIndexer().open(context("vec", "workspace", crashed)));
    assertTrue(e.getMessage().startsWith(log + " is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("followed by more records"), e.getMessage());
  }

  @Test
  void aSaveCutShortBetweenTheSnapshotAndTheNewLogIsNotReplayedTwice() throws Exception {
    Path live = tmp.resolve("live");
    Path oldLog = tmp.resolve("old.log");
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", live));
      index.add("x", new float[] {1, 0});
      index.remove("x");
      index.add("y", new float[] {1, 2, 3}); // the dimension changed while the index was empty
      Files.copy(live.resolve("vec").resolve(VectorLog.NAME), oldLog);
      index.dump(tmp.resolve("dump").toString(), 1); // saves the snapshot {y}, then starts a new log
    }
    // the crash: the new snapshot is in place, the old log (which it already holds) is not yet replaced
    Files.copy(oldLog, live.resolve("vec").resolve(VectorLog.NAME), StandardCopyOption.REPLACE_EXISTING);
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", live)); // replaying "put x (2 dimensions)" onto {y} would fail
      assertEquals(1, index.size());
      assertEquals(3, index.dim());
      assertEquals("y", index.query(new float[] {1, 2, 3}, 1).id(0));
    }
  }

  @Test
  void withoutFsyncTheLogIsStillWrittenBeforeTheAnswer() throws Exception {
    Path live = tmp.resolve("live");
    Path crashed = tmp.resolve("crashed");
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", live, "fsync", false));
      index.add("a", new float[] {1, 2});
      Files.createDirectories(crashed.resolve("vec"));
      Files.copy(live.resolve("vec").resolve(VectorLog.NAME), crashed.resolve("vec").resolve(VectorLog.NAME));
    }
    assertEquals(1, size(crashed));
  }

  @Test
  void aLogGrownPast64MiBIsFoldedIntoANewSnapshot() throws Exception {
    int dim = 2048;
    int perBatch = 512; // 4 MiB of vectors a request
    Path dir = tmp.resolve("vec");
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", tmp, "metric", "euclidean", "keep_documents", false));
      int batch = 0;
      while (!Files.exists(dir.resolve(VectorFile.NAME))) {
        assertTrue(batch < 20, "a snapshot by 80 MiB of log");
        float[][] vectors = new float[perBatch][dim];
        for (int i = 0; i < perBatch; i++) {
          vectors[i][i % dim] = batch + 1;
        }
        index.handle(Fixtures.request(RequestType.INDEX, Fixtures.docs("b" + batch + "-", vectors)));
        batch++;
      }
      assertEquals(16, batch, "the request that took the log past 64 MiB (16 x 4 MiB and the records' framing) saved the snapshot");
      assertTrue(Files.size(dir.resolve(VectorLog.NAME)) < 100, "and started the log again");
      index.remove("b0-0");
      assertEquals(16 * perBatch - 1, index.size());
      Files.createDirectories(tmp.resolve("crashed/vec"));
      for (String f : List.of(VectorFile.NAME, VectorLog.NAME)) {
        Files.copy(dir.resolve(f), tmp.resolve("crashed/vec").resolve(f));
      }
    }
    try (VectorIndexer reopened = new VectorIndexer()) {
      reopened.open(context("vec", "workspace", tmp.resolve("crashed"), "metric", "euclidean"));
      assertEquals(16 * 512 - 1, reopened.size(), "the snapshot and the log after it");
    }
  }

  @Test
  void aLogThatCannotBeStartedAgainAfterASnapshotIsStartedByTheNextWrite() throws Exception {
    Path dir = tmp.resolve("vec");
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", tmp));
      index.add("a", new float[] {1, 0});
      Path blocker = Files.createDirectory(dir.resolve(VectorLog.NAME + ".tmp")); // the new log's header cannot be written
      Path inside = Files.createFile(blocker.resolve("x"));
      assertThrows(java.io.IOException.class, () -> index.dump(tmp.resolve("dump").toString(), 1));
      java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> index.add("b", new float[] {0, 1}));
      assertTrue(e.getMessage().contains("cannot start " + dir.resolve(VectorLog.NAME) + " again"), e.getMessage());
      Files.delete(inside);
      Files.delete(blocker);
      index.add("c", new float[] {1, 1});
      assertEquals(3, index.size());
      Files.createDirectories(tmp.resolve("crashed/vec"));
      for (String f : List.of(VectorFile.NAME, VectorLog.NAME)) {
        Files.copy(dir.resolve(f), tmp.resolve("crashed/vec").resolve(f));
      }
    }
    assertEquals(2, size(tmp.resolve("crashed")), "a from the snapshot and c from the log started again (b was refused)");
  }

  @Test
  void aHugeRequestsBufferIsLetGoAfterwards() {
    VectorLog.Records records = new VectorLog.Records();
    records.put("big", new float[1 << 20], 0, 1 << 20, null);
    assertTrue(records.capacity() > 4 << 20);
    records.clear();
    assertTrue(records.capacity() <= 1 << 20, "capacity after clear: " + records.capacity());
    assertEquals(0, records.length());
  }

  @Test
  void aSnapshotThatFailsAfterTheLogGrewDoesNotFailTheAcknowledgedRequest() throws Exception {
    int dim = 2048;
    int perBatch = 512; // 4 MiB of vectors a request: the 16th takes the log past 64 MiB
    Path dir = tmp.resolve("vec");
    try (VectorIndexer index = new VectorIndexer()) {
      index.open(context("vec", "workspace", tmp, "metric", "euclidean", "keep_documents", false));
      Path blocker = Files.createDirectory(dir.resolve(VectorFile.NAME + ".tmp")); // the snapshot cannot be written
      Path inside = Files.createFile(blocker.resolve("x"));
      for (int batch = 0; batch < 17; batch++) {
        float[][] vectors = new float[perBatch][dim];
        for (int i = 0; i < perBatch; i++) {
          vectors[i][i % dim] = batch + 1;
        }
        index.handle(Fixtures.request(RequestType.INDEX, Fixtures.docs("b" + batch + "-", vectors))); // never throws
      }
      assertFalse(Files.exists(dir.resolve(VectorFile.NAME)));
      assertTrue(Files.size(dir.resolve(VectorLog.NAME)) > 17 * 4 << 20, "every request is in the log");
      Files.createDirectories(tmp.resolve("crashed/vec"));
      Files.copy(dir.resolve(VectorLog.NAME), tmp.resolve("crashed/vec").resolve(VectorLog.NAME));
      Files.delete(inside);
      Files.delete(blocker);
    }
    try (VectorIndexer reopened = new VectorIndexer()) {
      reopened.open(context("vec", "workspace", tmp.resolve("crashed"), "metric", "euclidean"));
      assertEquals(17 * perBatch, reopened.size());
    }
    assertTrue(Files.exists(dir.resolve(VectorFile.NAME)), "the close saved the snapshot once it could");
  }

  @Test
  void aDamagedFrameLengthFollowedByGoodFramesFailsTheOpen() throws Exception {
    Path crashed = tmp.resolve("crashed");
    Path log = crashedLog(tmp.resolve("live"), crashed);
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}), 20); // the first frame's length
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new VectorIndexer().open(context("vec", "workspace", crashed)));
    assertTrue(e.getMessage().contains("followed by more records"), e.getMessage());
  }
}

package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.shardContext;
import static dev.jflow.executors.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import dev.jflow.api.RequestType;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.DocumentProto;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueIndexerTest {
  @TempDir
  Path tmp;

  static Document everyField() {
    return Document.withId("full").text("héllo wörld")
        .embedding(NdArray.of(new double[] {1.5, -2.25, 3}))
        .tags(Map.of("n", 3, "s", "x", "b", true, "nested", Map.of("list", List.of(1, "two", false)), "nil", "")
        ).tag("null", null)
        .addChunks(Document.withId("c1").buffer(new byte[] {1, 2, 3}).parentId("full").granularity(1).location(-4, 7),
            Document.withId("c2").blob(NdArray.wrap(DType.INT32, new byte[16], 2, 2)).offset(-1).siblings(2))
        .score(new NamedScore(0.5f, "op", "desc", List.of(NamedScore.of(1f, "inner")), "ref"))
        .mimeType("text/plain").uri("file:///x").adjacency(-2).levelName("doc").weight(0.25f).modality("text")
        .contentHash("abc");
  }

  @Test
  void everyFieldSurvivesTheStoredForm() {
    Document d = everyField();
    d.evaluations().add(NamedScore.of(0.9f, "precision"));
    assertEquals(d, DocumentRecord.decode(DocumentRecord.encode(d), "test"));
    Document empty = Document.withId("e");
    assertEquals(empty, DocumentRecord.decode(DocumentRecord.encode(empty), "test"));
  }

  @Test
  void aRecordHoldsTheDocumentProtoOfTheWire() throws Exception {
    byte[] record = DocumentRecord.encode(everyField());
    assertEquals(DocumentRecord.FORMAT, record[4]);
    DocumentProto stored = DocumentProto.parseFrom(java.util.Arrays.copyOfRange(record, 5, record.length));
    assertEquals(ProtoCodec.encode(everyField()), stored, "the same bytes as a request would carry");
  }

  @Test
  void aDamagedRecordIsReportedNotDecoded() {
    byte[] record = DocumentRecord.encode(everyField());
    record[record.length / 2] ^= 0x40;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocumentRecord.decode(record, "store (document 'full')"));
    assertTrue(e.getMessage().startsWith("store (document 'full') is damaged: its checksum does not match"), e.getMessage());
  }

  @Test
  void indexUpdateDeleteAndFillInMemory() throws Exception {
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv"));
      kv.handle(request(RequestType.INDEX, List.of(everyField(), Document.withId("b").text("bee").tag("k", 1))));
      kv.handle(request(RequestType.UPDATE, List.of(Document.withId("b").text("bee 2"), Document.withId("nope").text("?"))));
      assertEquals(2, kv.size(), "update does not add");
      assertEquals("bee 2", kv.get("b").text());

      Document match = Document.withId("full").score(NamedScore.of(0.7f, "cosine")).adjacency(1);
      Document unknown = Document.withId("unknown");
      Document query = Document.withId("b").addMatches(match, unknown);
      kv.handle(request(RequestType.SEARCH, List.of(query)));
      assertEquals("bee 2", query.text(), "an id-only query is filled too");
      assertEquals("héllo wörld", match.text());
      assertEquals(everyField().embedding(), match.embedding());
      assertEquals(2, match.chunks().size());
      assertEquals("file:///x", match.uri());
      assertEquals(Map.of("list", List.of(1.0, "two", false)), match.tags().get("nested"));
      assertEquals(0.7f, match.score().value(), "the match keeps its own score");
      assertEquals(1, match.adjacency());
      assertNull(unknown.text(), "unknown ids stay as they are");

      kv.handle(Fixtures.delete("full"));
      assertNull(kv.get("full"));
      assertEquals(1, kv.size());
    }
  }

  @Test
  void documentsSurviveARestart() throws Exception {
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv", "workspace", tmp));
      kv.handle(request(RequestType.INDEX, List.of(everyField())));
    }
    assertTrue(Files.isRegularFile(tmp.resolve("kv/documents.mv.db")));
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv", "workspace", tmp));
      assertEquals(everyField(), kv.get("full"));
    }
  }

  /** What a crash leaves: the file as it was after the last commit, copied while the store is open. */
  private Path crashCopy(List<List<Document>> batches) throws Exception {
    Path live = tmp.resolve("live");
    Path crashed = tmp.resolve("crashed");
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv", "workspace", live));
      for (List<Document> batch : batches) {
        kv.handle(request(RequestType.INDEX, batch));
      }
      Files.createDirectories(crashed.resolve("kv"));
      Files.copy(live.resolve("kv/documents.mv.db"), crashed.resolve("kv/documents.mv.db"));
    }
    return crashed.resolve("kv/documents.mv.db");
  }

  private static List<Document> batch(String prefix, int n) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(Document.withId(prefix + i).text(prefix + " document " + i + " " + "x".repeat(i * 13))
          .embedding(NdArray.of(new float[] {i, -i})));
    }
    return docs;
  }

  @Test
  void aTornLastWriteIsDroppedAndEarlierCommitsSurvive() throws Exception {
    List<Document> first = batch("a", 50);
    List<Document> last = batch("b", 50);
    for (int cut : new int[] {1, 100, 3000}) {
      Path file = crashCopy(List.of(first, last));
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() - cut);
      }
      assertOnlyWholeDocuments(file.getParent().getParent(), first, last);
      deleteTree(tmp.resolve("live"));
      deleteTree(tmp.resolve("crashed"));
    }
    Path file = crashCopy(List.of(first, last));
    Files.write(file, new byte[5000], StandardOpenOption.APPEND); // a write that never completed
    assertOnlyWholeDocuments(file.getParent().getParent(), first, last);
  }

  private static void assertOnlyWholeDocuments(Path workspace, List<Document> committed, List<Document> torn) throws Exception {
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv", "workspace", workspace));
      for (Document d : committed) {
        assertEquals(d, kv.get(d.id()), "a document committed before the torn write survives");
      }
      for (Document d : torn) {
        Document got = kv.get(d.id());
        assertTrue(got == null || got.equals(d), "the torn write is either absent or whole: " + got);
      }
      kv.forEach(d -> assertNotNull(d.text()));
    }
  }

  @Test
  void aDamagedValueFailsClearlyAndNeverReturnsGarbage() throws Exception {
    Document marked = Document.withId("marked").text("MARKER-" + "z".repeat(64));
    Path file = crashCopy(List.of(List.of(Document.withId("plain").text("plain")), List.of(marked)));
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, "MARKER-".getBytes(StandardCharsets.UTF_8));
    assertTrue(at > 0, "the record is stored uncompressed");
    bytes[at + 10] ^= 0x01;
    Files.write(file, bytes);
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv", "workspace", file.getParent().getParent()));
      assertEquals("plain", kv.get("plain").text());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> kv.get("marked"));
      assertTrue(e.getMessage().contains("document 'marked'") && e.getMessage().contains("damaged"), e.getMessage());
    }
  }

  @Test
  void anUnreadableFileFailsWithAClearError() throws Exception {
    Path file = tmp.resolve("kv/documents.mv.db");
    Files.createDirectories(file.getParent());
    Files.write(file, "this is not an MVStore file at all".repeat(300).getBytes(StandardCharsets.UTF_8));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new KeyValueIndexer().open(context("kv", "workspace", tmp)));
    assertTrue(e.getMessage().startsWith(file + " cannot be opened"), e.getMessage());
  }

  @Test
  void replicasOnTheSameWorkspaceShareOneStoreAndTheLastClosesIt() throws Exception {
    KeyValueIndexer first = new KeyValueIndexer();
    first.open(context("kv", "workspace", tmp));
    try (KeyValueIndexer second = new KeyValueIndexer()) {
      second.open(context("kv", "workspace", tmp)); // no file lock failure: it joins the open store
      first.handle(request(RequestType.INDEX, List.of(Document.withId("a").text("alpha"))));
      assertEquals("alpha", second.get("a").text(), "a write through one replica is read through the other");
      second.handle(Fixtures.delete("a"));
      second.put(Document.withId("b").text("beta"));
      assertNull(first.get("a"));
      first.close();
      assertEquals("beta", second.get("b").text(), "the store stays open while a replica holds it");
    }
    try (KeyValueIndexer reopened = new KeyValueIndexer()) {
      reopened.open(context("kv", "workspace", tmp));
      assertEquals(1, reopened.size());
      assertEquals("beta", reopened.get("b").text());
    }
  }

  @Test
  void aDumpLoadsPerShard() throws Exception {
    Path dump = tmp.resolve("dump");
    List<Document> docs = batch("d", 40);
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv"));
      kv.handle(request(RequestType.INDEX, docs));
      kv.dump(dump.toString(), 2);
    }
    long total = 0;
    for (int shard = 0; shard < 2; shard++) {
      try (KeyValueIndexer part = new KeyValueIndexer()) {
        part.open(shardContext("kv", shard, "load_path", dump, "workspace", tmp.resolve("ws")));
        total += part.size();
        for (Document d : docs) {
          Document got = part.get(d.id());
          assertTrue(got == null || got.equals(d));
        }
      }
    }
    assertEquals(40, total);
    try (KeyValueIndexer reopened = new KeyValueIndexer()) {
      reopened.open(shardContext("kv", 1, "workspace", tmp.resolve("ws")));
      assertTrue(reopened.size() > 0, "what load_path loaded is kept in the workspace");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void deleteTree(Path root) throws Exception {
    if (Files.exists(root)) {
      try (var walk = Files.walk(root)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void bytesAreStoredAsGiven() throws Exception {
    try (KeyValueIndexer kv = new KeyValueIndexer()) {
      kv.open(context("kv"));
      kv.put(Document.withId("bin").buffer(new byte[] {0, -1, 127}));
      assertArrayEquals(new byte[] {0, -1, 127}, kv.get("bin").buffer());
    }
  }
}

package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentTest {

  /** A document using every field, built the same way each time so tests can compare against a fresh one. */
  private static Document sample() {
    return Document.withId("root")
        .buffer(new byte[] {1, 2, 3})
        .embedding(NdArray.of(new float[] {0.5f, 0.25f}))
        .addChunks(Document.withId("c0").text("chunk").tag("pos", 0).addChunks(Document.withId("c0-0").text("deep")))
        .addMatches(Document.withId("m0").score(NamedScore.of(0.9f, "cosine")))
        .tag("lang", "en")
        .tag("nested", Map.of("k", List.of(1, 2)))
        .score(NamedScore.of(1f))
        .mimeType("application/octet-stream")
        .uri("file:///x")
        .granularity(1)
        .adjacency(2)
        .parentId("p")
        .levelName("para")
        .weight(0.5f)
        .modality("bytes")
        .location(3, 4)
        .offset(5)
        .contentHash("h")
        .siblings(6);
  }

  private static void assertUuid(String id) {
    assertEquals(id, UUID.fromString(id).toString(), id + " is a UUID");
  }

  @Test
  void newDocumentsGetDistinctUuidIds() {
    Document a = new Document();
    Document b = Document.ofText("x");
    assertUuid(a.id());
    assertUuid(b.id());
    assertNotEquals(a.id(), b.id());
    assertEquals(Document.ContentType.NONE, a.contentType());
  }

  @Test
  void aNullOrEmptyIdGeneratesAFreshOne() {
    assertEquals("given", Document.withId("given").id());
    assertUuid(Document.withId(null).id());
    assertUuid(Document.withId("").id());

    Document d = Document.withId("old");
    d.id(null);
    assertUuid(d.id());
    String generated = d.id();
    d.id("");
    assertUuid(d.id());
    assertNotEquals(generated, d.id());
  }

  @Test
  void contentIsExactlyOneOfTextBufferAndBlob() {
    Document d = Document.ofText("hello");
    assertEquals(Document.ContentType.TEXT, d.contentType());

    byte[] bytes = {9};
    d.buffer(bytes);
    assertEquals(Document.ContentType.BUFFER, d.contentType());
    assertNull(d.text());
    assertSame(bytes, d.buffer(), "bytes are held as given");

    NdArray blob = NdArray.of(new int[] {1});
    d.blob(blob);
    assertEquals(Document.ContentType.BLOB, d.contentType());
    assertNull(d.buffer());
    assertSame(blob, d.blob());

    d.text("again");
    assertEquals(Document.ContentType.TEXT, d.contentType());
    assertNull(d.blob());

    d.clearContent();
    assertEquals(Document.ContentType.NONE, d.contentType());
    assertNull(d.text());
  }

  @Test
  void factoriesSetTheirContent() {
    assertEquals(Document.ContentType.BUFFER, Document.ofBuffer(new byte[0]).contentType());
    assertEquals(Document.ContentType.BLOB, Document.ofBlob(NdArray.of(new float[0])).contentType());
    assertEquals("t", Document.ofText("t").text());
  }

  @Test
  void aCopyEqualsTheOriginal() {
    Document original = sample();
    Document copy = original.copy();
    assertNotSame(original, copy);
    assertEquals(original, copy);
    assertEquals(original.hashCode(), copy.hashCode());
    assertEquals(sample(), original);
  }

  @Test
  void changingACopyLeavesTheOriginalAlone() {
    Document original = sample();
    Document copy = original.copy();

    copy.buffer()[0] = 42;
    copy.chunks().get(0).text("changed");
    copy.chunks().get(0).chunks().get(0).tag("touched", true);
    copy.chunks().add(Document.withId("c1"));
    copy.matches().get(0).score(NamedScore.of(0f));
    copy.matches().clear();
    copy.tags().put("lang", "de");
    ((JsonMap) copy.tags().get("nested")).put("k", "replaced");
    copy.evaluations().add(NamedScore.of(1f, "precision"));
    copy.weight(2f);

    assertEquals(sample(), original);
    assertArrayEquals(new byte[] {1, 2, 3}, original.buffer());
    assertEquals("chunk", original.chunks().get(0).text());
    assertEquals(1, original.chunks().size());
    assertEquals(1, original.matches().size());
    assertEquals("en", original.tags().get("lang"));
    assertEquals(List.of(1.0, 2.0), ((JsonMap) original.tags().get("nested")).get("k"));
  }

  @Test
  void equalityIsDeepThroughChunksAndMatches() {
    Document a = sample();
    Document b = sample();
    assertEquals(a, b);

    b.chunks().get(0).chunks().get(0).text("other");
    assertNotEquals(a, b, "a grandchild chunk differs");

    Document c = sample();
    c.matches().get(0).score(NamedScore.of(0.1f, "cosine"));
    assertNotEquals(a, c, "a match's score differs");

    Document d = sample();
    d.matches().add(Document.withId("m1"));
    assertNotEquals(a, d, "an extra match");

    assertNotEquals(Document.withId("x").text("a"), Document.withId("x").text("b"));
    assertEquals(Document.withId("x").buffer(new byte[] {1}), Document.withId("x").buffer(new byte[] {1}),
        "buffers compare by content");
    assertNotEquals(Document.withId("x"), Document.withId("y"));
  }

  @Test
  void locationIsCopiedInAndOut() {
    int[] given = {1, 2};
    Document d = new Document().location(given);
    given[0] = 9;
    assertArrayEquals(new int[] {1, 2}, d.location());
    d.location()[1] = 9;
    assertArrayEquals(new int[] {1, 2}, d.location());
    assertArrayEquals(new int[0], d.location((int[]) null).location());
  }

  @Test
  void stringFieldsDefaultToEmptyAndTreatNullAsEmpty() {
    Document d = new Document().mimeType(null).uri(null).parentId(null).levelName(null).modality(null).contentHash(null);
    for (String s : new String[] {d.mimeType(), d.uri(), d.parentId(), d.levelName(), d.modality(), d.contentHash()}) {
      assertEquals("", s);
    }
  }

  @Test
  void tagsRejectValuesThatAreNotJsonNamingTheKey() {
    Document d = new Document();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.tag("when", new Object()));
    assertTrue(e.getMessage().startsWith("'when' is a java.lang.Object;"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> d.tags(Map.of("meta", Map.of("thread", Thread.currentThread()))));
    assertTrue(e.getMessage().startsWith("'meta.thread' is a java.lang.Thread;"), e.getMessage());
  }

  @Test
  void tagsAreNormalizedAndReplacedAsAWhole() {
    Document d = new Document().tag("n", 3).tag("old", true);
    assertEquals(3.0, d.tags().get("n"));

    d.tags(Map.of("fresh", "yes"));
    assertEquals(Map.of("fresh", "yes"), d.tags());
    d.tags(null);
    assertTrue(d.tags().isEmpty());
  }

  @Test
  void toStringIsShortWhateverTheContent() {
    String longText = "x".repeat(10_000);
    String text = Document.withId("t").text(longText).toString();
    assertEquals("Document{id=t, text=" + "x".repeat(40) + "…}", text);

    String buffer = Document.withId("b").buffer(new byte[1 << 20]).toString();
    assertEquals("Document{id=b, buffer=1048576 bytes}", buffer);

    List<Document> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(Document.withId("c" + i).text(longText));
    }
    Document withChunks = Document.withId("p").blob(NdArray.of(new float[1000])).addChunks(many.toArray(new Document[0]));
    String s = withChunks.toString();
    assertEquals("Document{id=p, blob=NdArray{float32 [1000]}, chunks=1000}", s);
  }
}

package dev.jflow.executors;

import static dev.jflow.executors.Fixtures.context;
import static dev.jflow.executors.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.RequestType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncoderTest {
  static final List<String> CORPUS = List.of(
      "The quick brown fox jumps over the lazy dog",
      "A fox is a small wild animal of the dog family",
      "Stock markets fell sharply as investors sold shares",
      "The central bank raised interest rates again",
      "Heavy rain and strong winds are expected tomorrow",
      "The recipe needs flour, butter, sugar and two eggs");

  @TempDir
  Path tmp;

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot; // both are unit length
  }

  private static List<Document> corpus() {
    List<Document> docs = new ArrayList<>();
    CORPUS.forEach(t -> docs.add(Document.ofText(t)));
    return docs;
  }

  @Test
  void aRelatedSentenceRanksAboveAnUnrelatedOne() throws Exception {
    try (TextEncoder encoder = new TextEncoder()) {
      encoder.open(context("enc"));
      encoder.handle(request(RequestType.INDEX, corpus()));
      assertEquals(CORPUS.size(), encoder.documentsSeen());
      float[] query = encoder.encode("investors sell their stocks");
      float[] related = encoder.encode("Stock markets fell sharply as investors sold shares");
      float[] unrelated = encoder.encode("Heavy rain and strong winds are expected tomorrow");
      assertTrue(cosine(query, related) > cosine(query, unrelated) + 0.2,
          cosine(query, related) + " vs " + cosine(query, unrelated));
      float[] foxes = encoder.encode("foxes and dogs");
      assertTrue(cosine(foxes, encoder.encode(CORPUS.get(1))) > cosine(foxes, encoder.encode(CORPUS.get(3))),
          "character n-grams relate fox and foxes");
    }
  }

  @Test
  void embeddingsAreUnitLengthDeterministicAndSetOnChunksWithText() throws Exception {
    TextEncoder a = new TextEncoder();
    a.open(context("enc", "dim", 64));
    TextEncoder b = new TextEncoder();
    b.open(context("enc", "dim", 64));
    Document doc = Document.withId("d").text("hello world").addChunks(Document.withId("c").text("hello"),
        Document.withId("blank").buffer(new byte[] {1}));
    a.handle(request(RequestType.INDEX, List.of(doc)));
    b.handle(request(RequestType.INDEX, List.of(Document.ofText("hello world").addChunks(Document.ofText("hello")))));
    float[] v = doc.embedding().toFloatArray();
    assertEquals(64, v.length);
    assertEquals(1.0, Math.sqrt(cosine(v, v)), 1e-6);
    assertNotNull(doc.chunks().get(0).embedding());
    assertNull(doc.chunks().get(1).embedding(), "no text, no embedding");
    assertArrayEquals(a.encode("hello there"), b.encode("hello there"), "same requests, same vectors");
    assertArrayEquals(new float[64], a.encode("the and of"), "only stop words: a zero vector");
  }

  @Test
  void documentFrequenciesDownWeightCommonWords() throws Exception {
    try (TextEncoder encoder = new TextEncoder()) {
      encoder.open(context("enc", "char_ngram", 0, "word_bigrams", false));
      float[] before = encoder.encode("common rare");
      assertEquals(cosine(before, encoder.encode("common")), cosine(before, encoder.encode("rare")), 1e-6,
          "IDF is 1 before any document");
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        docs.add(Document.ofText("common word " + i));
      }
      encoder.handle(request(RequestType.TRAIN, docs));
      float[] after = encoder.encode("common rare");
      assertTrue(cosine(after, encoder.encode("rare")) > cosine(after, encoder.encode("common")) + 0.3);
    }
  }

  @Test
  void documentFrequenciesArePersistedWithTheWorkspace() throws Exception {
    float[] before;
    try (TextEncoder encoder = new TextEncoder()) {
      encoder.open(context("enc", "workspace", tmp));
      encoder.handle(request(RequestType.INDEX, corpus()));
      before = encoder.encode("foxes and investors");
    }
    assertTrue(Files.isRegularFile(tmp.resolve("enc/text-encoder.bin")));
    try (TextEncoder encoder = new TextEncoder()) {
      encoder.open(context("enc", "workspace", tmp));
      assertEquals(CORPUS.size(), encoder.documentsSeen());
      assertArrayEquals(before, encoder.encode("foxes and investors"));
    }
  }
}

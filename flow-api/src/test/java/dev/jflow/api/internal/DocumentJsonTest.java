package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentJsonTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    return (Map<String, Object>) Json.parse(json);
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> DocumentJson.fromJson(parse(json))).getMessage();
  }

  private static Document rich() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, "two", true));
    nested.put("none", null);
    NamedScore score = new NamedScore(0.75f, "cosine", "similarity", List.of(NamedScore.of(0.5f, "a"), NamedScore.of(1f)), "q1");
    Document match = Document.withId("m1").blob(NdArray.of(new int[] {1, 2, 3, 4}, 2, 2)).score(score).adjacency(1);
    Document chunk = Document.withId("c1").buffer(new byte[] {0, 1, (byte) 0xff}).parentId("root").granularity(1)
        .location(3, 9).offset(2).siblings(4).levelName("sentence");
    Document text = Document.ofText("").id("c2").weight(Float.NaN);
    Document d = Document.withId("root").blob(NdArray.of(new double[] {1.5, -2}))
        .embedding(NdArray.of(new float[] {0.1f, 0.2f, 0.3f}))
        .addChunks(chunk, text).addMatches(match)
        .weight(0.1f).uri("file:///data/a.txt").mimeType("text/plain").modality("text").contentHash("abc")
        .tag("n", 1).tag("s", "x").tag("nested", nested)
        .score(NamedScore.of(2.5f, "rank"));
    d.evaluations().add(new NamedScore(0.9f, "precision", "", List.of(), "gt"));
    return d;
  }

  @Test
  void aRichDocumentSurvivesARoundTrip() {
    Document d = rich();
    assertEquals(d, DocumentJson.fromJson(DocumentJson.toJson(d)));
  }

  @Test
  void toJsonUsesProtoFieldNamesAndLeavesOutDefaults() {
    Map<String, Object> json = DocumentJson.toJson(Document.withId("a").text("hi").mimeType("text/plain").levelName("doc"));

    assertEquals(Map.of("id", "a", "text", "hi", "mime_type", "text/plain", "level_name", "doc"), json);
    Map<String, Object> blob = DocumentJson.toJson(Document.withId("b").blob(NdArray.of(new float[] {1}, 1, 1)));
    assertEquals(Map.of("dense", Map.of("buffer", "AACAPw==", "shape", List.of(1.0, 1.0), "dtype", "<f4")), blob.get("blob"));
  }

  @Test
  void readsProtoJsonWithProtoAndCamelCaseNames() {
    String buffer = Base64.getEncoder().encodeToString("raw".getBytes(StandardCharsets.UTF_8));
    Document d = DocumentJson.fromJson(parse("{\"id\": \"d1\", \"buffer\": \"" + buffer + "\", \"mimeType\": \"text/x\","
        + " \"level_name\": \"l\", \"parentId\": \"p\", \"contentHash\": \"h\", \"weight\": \"0.5\", \"granularity\": 2,"
        + " \"location\": [1, 2], \"tags\": {\"k\": [1, {\"x\": null}]}, \"uri\": null,"
        + " \"score\": {\"value\": 0.25, \"opName\": \"cos\", \"ref_id\": \"r\", \"operands\": [{\"value\": \"NaN\"}]},"
        + " \"matches\": [{\"id\": \"m\", \"text\": \"hello\"}]}"));

    assertEquals("d1", d.id());
    assertArrayEquals("raw".getBytes(StandardCharsets.UTF_8), d.buffer());
    assertEquals("text/x", d.mimeType());
    assertEquals("l", d.levelName());
    assertEquals("p", d.parentId());
    assertEquals("h", d.contentHash());
    assertEquals(0.5f, d.weight());
    assertEquals(2, d.granularity());
    assertArrayEquals(new int[] {1, 2}, d.location());
    assertEquals(List.of(1.0, java.util.Collections.singletonMap("x", null)), d.tags().get("k"));
    assertEquals("", d.uri());
    assertEquals(new NamedScore(0.25f, "cos", "", List.of(NamedScore.of(Float.NaN)), "r"), d.score());
    assertEquals("hello", d.matches().get(0).text());
  }

  @Test
  void readsNdArrayProtoJson() {
    Document d = DocumentJson.fromJson(parse("{\"blob\": {\"dense\": {\"buffer\": \"AACAPwAAAEA=\", \"shape\": [2],"
        + " \"dtype\": \"float32\"}}, \"embedding\": {}}"));

    assertEquals(NdArray.of(new float[] {1, 2}), d.blob());
    assertNull(d.embedding(), "an empty NdArrayProto is no array");
  }

  @Test
  void unknownFieldsAreRejectedNamingTheKey() {
    assertTrue(error("{\"id\": \"a\", \"colour\": \"red\"}").startsWith("unknown field 'colour'; expected one of id, text,"));
    assertTrue(error("{\"chunks\": [{}, {\"txt\": \"a\"}]}").startsWith("unknown field 'txt' in 'chunks[1]';"));
    assertTrue(error("{\"score\": {\"val\": 1}}").startsWith("unknown field 'val' in 'score'; expected one of value,"));
  }

  @Test
  void wrongTypesAreRejectedNamingTheField() {
    assertEquals("'weight' must be a number, got \"heavy\"", error("{\"weight\": \"heavy\"}"));
    assertTrue(error("{\"granularity\": 1.5}").startsWith("'granularity' must be a whole number"));
    assertEquals("'text' must be a string, got 3.0", error("{\"text\": 3}"));
    assertEquals("'tags' must be a JSON object, got an array", error("{\"tags\": []}"));
    assertEquals("'matches[0].id' must be a string, got true", error("{\"matches\": [{\"id\": true}]}"));
    assertTrue(error("{\"buffer\": \"***\"}").startsWith("'buffer' must be base64-encoded bytes"));
    assertEquals("field 'mime_type' is given twice (as 'mime_type' and 'mimeType')",
        error("{\"mime_type\": \"a\", \"mimeType\": \"b\"}"));
    assertEquals("a document may hold only one of text, buffer and blob, but sets text and buffer",
        error("{\"text\": \"a\", \"buffer\": \"AA==\"}"));
  }

  @Test
  void malformedArraysAreRejectedNamingTheField() {
    assertEquals("'blob.dense': NdArray of dtype float32 and shape [3] needs 12 bytes, got 4",
        error("{\"blob\": {\"dense\": {\"buffer\": \"AACAPw==\", \"shape\": [3], \"dtype\": \"<f4\"}}}"));
    assertEquals("'embedding.dense.dtype' is missing; give a numpy dtype such as \"<f4\"",
        error("{\"embedding\": {\"dense\": {\"shape\": [0]}}}"));
    assertTrue(error("{\"blob\": {\"sparse\": {}}}").contains("sparse arrays are not supported"));
    assertTrue(error("{\"blob\": {\"dense\": {\"shape\": [1], \"dtype\": \">f4\"}}}").contains("big-endian"));
  }

  @Test
  void readsArraysAsTheGatewaysPrintThemAndRefusesQuantizedOnes() {
    Document d = DocumentJson.fromJson(parse("{\"embedding\": {\"dense\": {\"buffer\": \"AACAPw==\", \"shape\": [1], \"dtype\": \"<f4\","
        + " \"quantization\": 0, \"max_val\": 0.0, \"min_val\": 0.0, \"scale\": 0.0, \"original_dtype\": \"\"}}}"));
    assertEquals(NdArray.of(new float[] {1}), d.embedding());
    assertTrue(error("{\"blob\": {\"dense\": {\"buffer\": \"AAE=\", \"shape\": [2], \"quantization\": \"UINT8\"}}}")
        .startsWith("'blob.dense.quantization' is \"UINT8\": quantized arrays (FP16, UINT8) are not read from document JSON"));
    assertTrue(error("{\"blob\": {\"dense\": {\"buffer\": \"AAE=\", \"shape\": [1], \"dtype\": \"|u1\", \"quantization\": 2}}}")
        .contains("quantized arrays"));
  }

  @Test
  void unsignedFieldsTakeTheirWholeRange() {
    Document d = DocumentJson.fromJson(parse("{\"offset\": 4294967295, \"granularity\": \"2147483648\", \"location\": [4294967294]}"));
    assertEquals(-1, d.offset(), "uint32 4294967295 is the int of the same bits, as protobuf-java holds it");
    assertEquals(Integer.MIN_VALUE, d.granularity());
    assertArrayEquals(new int[] {-2}, d.location());
    assertTrue(error("{\"siblings\": 4294967296}").startsWith("'siblings' must be a whole number up to 4294967295"));
  }
}

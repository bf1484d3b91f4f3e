package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.internal.InputReaders;
import dev.jflow.proto.jina.DocumentProto;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@code Inputs.ndjson} reads a document line with flow-api's JDK-only reader ({@code Json} and
 * {@code DocumentJson}: flow-api may not use protobuf); the gateways read the same proto3 JSON with
 * protobuf's {@code JsonFormat} and {@link ProtoCodec}. On the same lines both must give the same
 * document, or both refuse it; the few lines the JDK reader refuses though JsonFormat takes them are
 * listed here.
 */
class NdjsonAgreementTest {
  /** The JSON forms a document line is found in: JsonFormat's default, with proto field names, and the gateways' answers. */
  private static final List<JsonFormat.Printer> PRINTERS = List.of(
      JsonFormat.printer().omittingInsignificantWhitespace(),
      JsonFormat.printer().omittingInsignificantWhitespace().preservingProtoFieldNames(),
      JsonFormat.printer().omittingInsignificantWhitespace().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence()
          .printingEnumsAsInts());

  private static Document ndjson(String line) {
    return InputReaders.parseLines(List.of(line).iterator(), Inputs.LineFormat.JSON, "test.ndjson").next();
  }

  private static Document jsonFormat(String line) throws InvalidProtocolBufferException {
    DocumentProto.Builder b = DocumentProto.newBuilder();
    JsonFormat.parser().merge(line, b);
    return ProtoCodec.decodeDocument(b.build());
  }

  private static void assertReadAlike(Document expected, String line) throws InvalidProtocolBufferException {
    assertEquals(expected, jsonFormat(line), "JsonFormat: " + line);
    assertEquals(expected, ndjson(line), "Inputs.ndjson: " + line);
  }

  @Property(tries = 200)
  void generatedDocumentsPrintedByJsonFormatAreReadAlike(@ForAll long seed) throws Exception {
    Document d = new RandomModel(seed).document(0);
    for (JsonFormat.Printer printer : PRINTERS) {
      assertReadAlike(d, printer.print(ProtoCodec.encode(d)));
    }
  }

  @Test
  void theSeedsOfTheModelAreReadAlikeToo() throws Exception {
    for (long seed : RandomModel.SEEDS) {
      Document d = new RandomModel(seed).document(0);
      for (JsonFormat.Printer printer : PRINTERS) {
        assertReadAlike(d, printer.print(ProtoCodec.encode(d)));
      }
    }
  }

  /** Lines as people write them: either spelling of a name, numbers as strings, nulls, escapes, URL-safe base64. */
  @Test
  void handWrittenLinesAreReadAlike() throws Exception {
    List<String> lines = List.of(
        "{\"id\": \"a\", \"text\": \"h\\u00e9llo \\ud83d\\ude00\\n\", \"mimeType\": \"text/plain\", \"tags\": {\"n\": 1, \"l\": [true, null, \"s\"]}}",
        "{\"id\": \"b\", \"buffer\": \"_-8=\", \"mime_type\": \"application/x\", \"uri\": null, \"weight\": \"0.5\", \"granularity\": \"2\"}",
        "{\"id\": \"c\", \"buffer\": \"AAEC\", \"level_name\": \"l\", \"parentId\": \"p\", \"contentHash\": \"h\", \"location\": [1, 2.0]}",
        "{\"id\": \"d\", \"blob\": {\"dense\": {\"buffer\": \"AACAPwAAAEA=\", \"shape\": [2], \"dtype\": \"float32\"}}, \"weight\": \"NaN\"}",
        "{\"id\": \"e\", \"embedding\": {\"dense\": {\"buffer\": \"AAAAAAAA8D8=\", \"shape\": [1], \"dtype\": \"<f8\", \"quantization\": \"NONE\"}}}",
        "{\"id\": \"f\", \"score\": {\"value\": 0.25, \"opName\": \"cos\", \"ref_id\": \"r\", \"operands\": [{\"value\": \"-Infinity\"}]},"
            + " \"evaluations\": [{\"value\": 1, \"description\": \"d\"}], \"modality\": \"text\", \"siblings\": 3, \"adjacency\": 1e1}",
        "{\"id\": \"g\", \"chunks\": [{\"id\": \"g1\", \"text\": \"c\", \"offset\": 4}], \"matches\": [{\"id\": \"m\", \"matches\": [{\"id\": \"mm\"}]}]}",
        "{\"id\": \"h\", \"offset\": 4294967295, \"granularity\": 2147483648, \"text\": \"\"}",
        " {\"id\" : \"i\" ,\"tags\":{}} ");
    for (String line : lines) {
      assertReadAlike(jsonFormat(line), line);
    }
  }

  @Test
  void aLineWithoutAnIdGetsAFreshIdEitherWay() throws Exception {
    String line = "{\"text\": \"no id\"}";
    Document a = ndjson(line);
    Document b = jsonFormat(line);
    assertNotEquals(a.id(), b.id());
    assertEquals(a.copy().id("x"), b.copy().id("x"));
  }

  /** What neither reader takes; the JDK reader's message names the field. */
  @Test
  void badLinesAreRefusedByBoth() {
    List<String> lines = List.of(
        "{\"id\": \"a\", \"colour\": \"red\"}",
        "{\"text\": \"a\", \"buffer\": \"AA==\"}",
        "{\"mime_type\": \"a\", \"mimeType\": \"b\"}",
        "{\"granularity\": 1.5}",
        "{\"granularity\": \"many\"}",
        "{\"buffer\": \"***\"}",
        "{\"tags\": []}",
        "{\"chunks\": {}}",
        "{\"blob\": {\"sparse\": {}}}",
        "{\"blob\": {\"dense\": {\"buffer\": \"AACAPw==\", \"shape\": [3], \"dtype\": \"<f4\"}}}",
        "{\"blob\": {\"dense\": {\"buffer\": \"AACAPw==\", \"shape\": [1], \"dtype\": \">f4\"}}}",
        "{\"id\": \"a\",}",
        "[1]");
    for (String line : lines) {
      assertThrows(Exception.class, () -> jsonFormat(line), "JsonFormat takes " + line);
      assertThrows(FlowException.class, () -> ndjson(line), "Inputs.ndjson takes " + line);
    }
  }

  /** The JDK reader is stricter on these; each is refused with a message saying what to send instead. */
  @Test
  void theJdkReaderRefusesAFewLinesTheWireTakes() throws Exception {
    String quantized = "{\"blob\": {\"dense\": {\"buffer\": \"AAE=\", \"shape\": [2], \"quantization\": \"UINT8\", \"original_dtype\": \"float32\"}}}";
    String[][] cases = {
        {"{\"embedding\": {\"dense\": {\"buffer\": \"AACAPw==\", \"shape\": [1]}}}", "'embedding.dense.dtype' is missing"},
        {quantized, "quantized arrays"},
        {"{\"text\": 3}", "'text' must be a string"},
    };
    for (String[] c : cases) {
      jsonFormat(c[0]);
      FlowException e = assertThrows(FlowException.class, () -> ndjson(c[0]));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
    // an empty NdArrayProto is no array for the JDK reader; the codec refuses a scalar without its bytes
    assertEquals(null, ndjson("{\"id\": \"x\", \"embedding\": {}}").embedding());
    assertThrows(FlowException.class, () -> jsonFormat("{\"id\": \"x\", \"embedding\": {}}"));
  }
}

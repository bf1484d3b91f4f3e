package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.api.internal.JsonSpan;
import dev.jflow.proto.jina.DocumentProto;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a body's envelope and items are read: the envelope by the JDK reader, the items' text by
 * JsonFormat, the objects of one request together, with errors naming the first bad item.
 */
class HttpBodyTest {
  private static FlowException fails(String body) {
    return assertThrows(FlowException.class, () -> HttpBody.parse(RequestType.INDEX, body));
  }

  @Test
  void aKeyGivenTwiceInTheEnvelopeOrAnItemIsRefusedNamingIt() {
    FlowException envelope = fails("{\"data\": [\"a\"], \"data\": [\"b\"]}");
    assertEquals(Status.Code.INVALID_ARGUMENT, envelope.code());
    assertTrue(envelope.getMessage().contains("the body is not valid JSON: duplicate key \"data\" at column 17"), envelope.getMessage());
    FlowException item = fails("{\"data\": [\"a\", {\"id\": \"x\", \"id\": \"y\"}]}");
    assertTrue(item.getMessage().contains("data[1] is not valid JSON: duplicate key \"id\""), item.getMessage());
  }

  @Test
  void keysInsideADocumentsFieldsAreJsonFormatsToRead() {
    // JsonFormat (and Python's json, which Jina uses) keeps the last of a key given twice
    Request r = HttpBody.parse(RequestType.INDEX, "{\"data\": [{\"id\": \"x\", \"tags\": {\"k\": 1, \"k\": 2}}]}").get(0);
    assertEquals(2.0, r.docs().get(0).tags().get("k"));
  }

  @Test
  void theFirstBadItemIsNamedThoughTheObjectsOfARequestAreParsedTogether() {
    FlowException e = fails("{\"data\": [{\"id\": \"a\"}, \"text\", {\"weight\": \"heavy\"}, {\"content\": 7}, 5]}");
    assertTrue(e.getMessage().contains("data[2] is not a valid Document"), e.getMessage());
    e = fails("{\"data\": [{\"id\": \"a\"}, {\"content\": 7}, {\"weight\": \"heavy\"}]}");
    assertTrue(e.getMessage().contains("data[1].content must be a string"), e.getMessage());
    String uri = "\"data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(new byte[600]) + "\"";
    e = assertThrows(FlowException.class, () -> HttpBody.parse(RequestType.INDEX,
        "{\"data\": [" + uri + ", " + uri + ", {\"weight\": \"heavy\"}]}", 10, 1000));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code(), "data[1] is over the budget before data[2] is found bad");
    assertTrue(e.getMessage().contains("data[1]"), e.getMessage());
  }

  @Test
  void objectsReadTogetherAreTheDocumentsReadOneByOne() {
    String body = "{\"data\": [\"plain\", {\"id\": \"a\", \"text\": \"t\", \"color\": \"red\"}, \"data:,a%20b\", {\"content\": \"data:;base64,AAEC\","
        + " \"uri\": \"u\"}, {\"id\": \"e\", \"embedding\": {\"dense\": {\"buffer\": \"AAAAAAAAgD8=\", \"shape\": [2], \"dtype\": \"<f4\"}},"
        + " \"n\": [1, {\"x\": null}]}, {\"chunks\": [{\"text\": \"c\", \"mimeType\": \"m\"}]}, {}]}";
    List<JsonSpan> items = HttpBody.envelope(body, 100).get("data").elements();
    List<DocumentProto> oneByOne = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      oneByOne.add(DocumentItems.document(items.get(i), "data[" + i + "]", "text/x", new ContentBudget(1 << 20)));
    }
    assertEquals(oneByOne, DocumentItems.documents(items, 0, items.size(), "text/x", new ContentBudget(1 << 20)));
    assertEquals("red", oneByOne.get(1).getTags().getFieldsOrThrow("color").getStringValue());
    assertEquals("AAEC", Base64.getEncoder().encodeToString(oneByOne.get(3).getBuffer().toByteArray()));
  }

  @Test
  void theEnvelopesNumbersAndStringsAreChecked() {
    assertTrue(fails("{\"data\": [\"a\"], \"top_k\": 0}").getMessage().contains("\"top_k\" must be at least 1, got 0.0"));
    assertTrue(fails("{\"data\": [\"a\"], \"mime_type\": [1]}").getMessage().contains("\"mime_type\" must be a string, got an array"));
    assertTrue(fails("{\"data\": \"a\"}").getMessage().contains("\"data\" must be an array of documents, strings or data URIs, got the string"));
    assertTrue(fails("[1, 2]").getMessage().contains("the body must be a JSON object such as {\"data\": [...]}, got an array"));
    assertTrue(fails("{\"data\": [\"a\"], \"parameters\": [1]}").getMessage().contains("\"parameters\" must be an object, got an array"));
    assertEquals(List.of(2), HttpBody.parse(RequestType.SEARCH, "{\"data\": [\"a\", \"b\"], \"request_size\": null, \"top_k\": null}")
        .stream().map(r -> r.docs().size()).toList(), "null is absent");
    assertEquals(Json.parse("{\"a\": [1]}"), HttpBody.parse(RequestType.INDEX, "{\"data\": [\"a\"], \"parameters\": {\"a\": [1]}}").get(0)
        .parameters());
  }
}

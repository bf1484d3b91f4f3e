package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jflow.api.FlowException;
import dev.jflow.api.RequestType;
import dev.jflow.api.internal.JsonSpan;
import dev.jflow.api.testing.TextMutations;
import dev.jflow.proto.jina.DocumentProto;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Fuzzes {@link HttpBody#parse} with random and mutated bodies, under small limits: only a
 * FlowException with a message may escape, for every call type; and reading a request's items together
 * gives what reading them one by one gives.
 */
class HttpBodyFuzzTest {
  private static final RequestType[] TYPES = {RequestType.INDEX, RequestType.SEARCH, RequestType.UPDATE, RequestType.DELETE};
  private static final String TOKENS = "{}[]:,\"\\ 0123456789.eE-+truefalsnl_data;base64%\u00e9\u0000";

  @Property(tries = 300)
  void randomBodiesParseOrFailWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(100);
    for (int i = 0; i < n; i++) {
      b.append(TOKENS.charAt(r.nextInt(TOKENS.length())));
    }
    parse(r, b.toString());
  }

  @Property(tries = 300)
  void mutatedBodiesParseOrFailWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    String valid = validBody(r);
    parse(r, TextMutations.mutate(r, valid, r.nextInt(5), TOKENS));
  }

  /** The objects of a request are parsed together for speed; the outcome is that of reading them one by one. */
  @Property(tries = 300)
  void itemsReadTogetherGiveWhatItemsReadOneByOneGive(@ForAll long seed) {
    Random r = new Random(seed);
    String body = TextMutations.mutate(r, validBody(r), r.nextInt(3), TOKENS);
    JsonSpan data;
    try {
      data = HttpBody.envelope(body, 100).get("data");
    } catch (FlowException e) {
      return;
    }
    if (data == null || !data.isArray()) {
      return;
    }
    List<JsonSpan> items = data.elements();
    int budget = 64 + r.nextInt(4096);
    String together = outcome(() -> DocumentItems.documents(items, 0, items.size(), "text/x", new ContentBudget(budget)));
    String oneByOne = outcome(() -> {
      ContentBudget b = new ContentBudget(budget);
      List<DocumentProto> docs = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        docs.add(DocumentItems.document(items.get(i), "data[" + i + "]", "text/x", b));
      }
      return docs;
    });
    assertEquals(oneByOne, together, body);
  }

  private static String outcome(Supplier<List<DocumentProto>> read) {
    try {
      return read.get().toString();
    } catch (FlowException e) {
      return e.getMessage();
    }
  }

  private static String validBody(Random r) {
    String[] items = {
        "\"text\"", "\"\"", "\"data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"",
        "\"data:,Hello%2C%20World\"", "{\"id\": \"a\", \"text\": \"t\", \"color\": \"red\"}", "{\"content\": \"data:;base64,AAEC\"}",
        "{\"id\": \"e\", \"embedding\": {\"dense\": {\"buffer\": \"AAAAAAAAgD8=\", \"shape\": [2], \"dtype\": \"<f4\"}}}",
        "{\"blob\": {\"dense\": {\"buffer\": \"AAECAw==\", \"shape\": [2, 2], \"quantization\": \"UINT8\", \"original_dtype\": \"float64\"}}}",
        "{\"blob\": {\"dense\": {\"buffer\": \"AAE=\", \"shape\": [1], \"quantization\": 1}}}",
        "{\"chunks\": [{\"text\": \"c\"}, {\"matches\": [{}]}]}", "{\"id\": \"x\", \"tags\": {\"k\": [1, null, true]}}",
    };
    StringBuilder data = new StringBuilder("[");
    int n = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      data.append(i == 0 ? "" : ",").append(items[r.nextInt(items.length)]);
    }
    data.append("]");
    String[] extras = {"", ", \"request_size\": " + (r.nextInt(5) - 1), ", \"top_k\": " + r.nextInt(3), ", \"mime_type\": \"text/plain\"",
        ", \"queryset\": [{\"name\": \"SliceQL\", \"parameters\": {\"end\": 2}, \"priority\": 1}]", ", \"parameters\": {\"p\": 1}"};
    return "{\"data\": " + data + extras[r.nextInt(extras.length)] + extras[r.nextInt(extras.length)] + "}";
  }

  private static void parse(Random r, String body) {
    try {
      HttpBody.parse(TYPES[r.nextInt(TYPES.length)], body, 1 + r.nextInt(8), 64 + r.nextInt(4096));
    } catch (FlowException e) {
      assertFalse(e.status().description().isBlank(), "a FlowException without a description: " + e);
    }
  }
}

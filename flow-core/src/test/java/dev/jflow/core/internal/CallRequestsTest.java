package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Input;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallRequestsTest {
  private static final List<Input> TWO = List.of(Input.of(Document.withId("a").text("x")), Input.of(Document.withId("b")));

  @Test
  void carriesTheDocumentsTypeParametersAndTopK() {
    CallRequests requests = new CallRequests(RequestType.SEARCH, CallOptions.builder().parameter("mode", "fast").topK(7).build());
    Request r = requests.build(TWO);
    assertEquals(RequestType.SEARCH, r.type());
    assertEquals(List.of("a", "b"), List.of(r.docs().get(0).id(), r.docs().get(1).id()));
    assertEquals("x", r.docs().get(0).text());
    assertEquals("fast", r.parameters().get("mode"));
    assertEquals(7, r.topK(-1));
    assertTrue(r.groundtruths().isEmpty(), "no groundtruths when no item has one");
    assertNotEquals(r.id(), requests.build(TWO).id(), "each request gets its own id");
  }

  @Test
  void withoutTopKTheRequestHasNone() {
    Request r = new CallRequests(RequestType.SEARCH, CallOptions.defaults()).build(TWO);
    assertEquals(-1, r.topK(-1));
  }

  @Test
  void deleteSendsOnlyIds() {
    Request r = new CallRequests(RequestType.DELETE, CallOptions.defaults()).build(TWO);
    assertEquals(List.of("a", "b"), r.ids());
    assertTrue(r.docs().isEmpty());
  }

  @Test
  void oneGroundtruthGivesEveryDocumentOne() {
    List<Input> items = List.of(new Input(Document.withId("a"), Document.withId("a").text("truth")), Input.of(Document.withId("b")));
    Request r = new CallRequests(RequestType.SEARCH, CallOptions.defaults()).build(items);
    assertEquals(2, r.groundtruths().size());
    assertEquals("truth", r.groundtruths().get(0).text());
    assertEquals("b", r.groundtruths().get(1).id(), "an empty groundtruth with the document's id stands in");
  }
}

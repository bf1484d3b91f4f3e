package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Close codes, close reasons, data URIs and request bodies, without sockets. */
class WireFormsTest {

  @Test
  void closeReasonsAreCutToFitAFrameWithoutBreakingCharacters() {
    String longReason = "é".repeat(100);
    String cut = CloseCodes.truncate(longReason);
    assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 123, cut);
    assertTrue(cut.endsWith("...") && cut.startsWith("éé"));
    assertEquals("short", CloseCodes.truncate("short"));
  }

  @Test
  void closeCodesMapToStatusCodesBothWays() {
    String at = "ws://h:1/stream";
    for (Status.Code c : List.of(Status.Code.CANCELLED, Status.Code.INVALID_ARGUMENT, Status.Code.DEADLINE_EXCEEDED,
        Status.Code.NOT_FOUND, Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION, Status.Code.UNAVAILABLE,
        Status.Code.INTERNAL)) {
      assertEquals(c, CloseCodes.toFlow(CloseCodes.forStatus(c), "why", at).code(), c.name());
    }
    assertEquals(4004, CloseCodes.forStatus(Status.Code.DEADLINE_EXCEEDED));
    assertEquals(null, CloseCodes.toFlow(1000, "done", at));
    assertEquals(Status.Code.INVALID_ARGUMENT, CloseCodes.toFlow(1007, "bad", at).code());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, CloseCodes.toFlow(1009, "big", at).code());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, CloseCodes.toFlow(1011, "Buffer overflow.", at).code());
    FlowException gone = CloseCodes.toFlow(1006, "", at);
    assertEquals(Status.Code.UNAVAILABLE, gone.code());
    assertTrue(gone.getMessage().contains(at), gone.getMessage());
    assertEquals("request 'r' did not finish within 5 ms; still in pod(s) [slowpoke]",
        CloseCodes.toFlow(4004, "request 'r' did not finish within 5 ms; still in pod(s) [slowpoke]", at).status().description(),
        "a Flow failure keeps its own description");
  }

  @Test
  void dataUrisDecodeBase64AndPercentEncoding() {
    DataUri png = DataUri.parse("data:image/PNG;base64,AAEC");
    assertEquals("image/png", png.mimeType());
    assertArrayEquals(new byte[] {0, 1, 2}, png.bytes());
    DataUri text = DataUri.parse("data:,Hello%2C%20world");
    assertEquals("text/plain", text.mimeType());
    assertEquals("Hello, world", new String(text.bytes(), StandardCharsets.UTF_8));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataUri.parse("data:;base64,@@")).getMessage().contains("base64"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataUri.parse("data:,50%")).getMessage().contains("percent"));
  }

  @Test
  void aBodyIsCutIntoRequestsAndCarriesTopKAndQueryset() {
    List<Request> rs = HttpBody.parse(RequestType.SEARCH, "{\"data\": [\"a\", \"b\", \"c\"], \"request_size\": 2, \"top_k\": 7, "
        + "\"queryset\": [{\"name\": \"SliceQL\", \"parameters\": {\"end\": 7}, \"priority\": 1}], \"parameters\": {\"mode\": \"x\"}}");
    assertEquals(List.of(2, 1), rs.stream().map(r -> r.docs().size()).toList());
    assertEquals(7, rs.get(0).topK(0));
    assertEquals("x", rs.get(1).parameters().get("mode"));
    assertTrue(!rs.get(0).id().equals(rs.get(1).id()), "a fresh request id per request");
    assertEquals(1, HttpBody.parse(RequestType.INDEX, "{\"data\": [\"a\", \"b\", \"c\"], \"request_size\": 0}").size(),
        "request_size 0 sends everything in one request");
    assertEquals(List.of("x", "y"), HttpBody.parse(RequestType.DELETE, "{\"data\": [\"x\", {\"id\": \"y\"}]}").get(0).ids());
    FlowException e = assertThrows(FlowException.class, () -> HttpBody.parse(RequestType.INDEX, "{\"data\": [\"a\"], \"request_size\": 1.5}"));
    assertTrue(e.getMessage().contains("\"request_size\" must be a whole number, got the number 1.5"), e.getMessage());
    FlowException col = assertThrows(FlowException.class, () -> HttpBody.parse(RequestType.INDEX, "{\"data\": [\"a\",]}"));
    assertTrue(col.getMessage().contains("column"), "JSON errors say where: " + col.getMessage());
  }
}

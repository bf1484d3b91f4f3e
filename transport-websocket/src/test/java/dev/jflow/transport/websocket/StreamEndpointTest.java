package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.core.testing.TestExecutors;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import dev.jflow.proto.jina.RequestProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /stream} driven by a client that is not ours, the JDK's {@link java.net.http.WebSocket}, as a
 * Jina client uses it: binary RequestProto frames, the 0x00 end marker, JSON text frames; and bad
 * input, which closes only the offending socket.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamEndpointTest {
  private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
  private static Flow flow;
  private static int port;

  @BeforeAll
  static void start() {
    flow = Flow.builder().protocol("websocket").host("127.0.0.1").maxMessageSize(64 * 1024)
        .add("tagger", TestExecutors.PathTagger::new)
        .add(PodSpec.builder("waiter").replicas(2).uses(() -> request -> {
          // a document "wait:k" holds its replica until the test opens latch k
          for (Document d : request.docs()) {
            if (d.id().startsWith("wait:")) {
              latch(d.id().substring(5)).await(10, TimeUnit.SECONDS);
            }
          }
        }).build())
        .build().start();
    port = flow.async().gatewayAddress().port();
  }

  private static CountDownLatch latch(String key) {
    return LATCHES.computeIfAbsent(key, k -> new CountDownLatch(1));
  }

  @AfterAll
  static void stop() {
    flow.close();
  }

  private static byte[] index(String requestId, String... docIds) {
    List<Document> docs = new ArrayList<>();
    for (String id : docIds) {
      docs.add(Document.withId(id).text("text of " + id));
    }
    return ProtoCodec.encode(Request.builder(RequestType.INDEX).id(requestId).docs(docs).build()).toByteArray();
  }

  @Test
  void binaryRequestsThenTheEndMarkerAreAllAnsweredThenTheServerClosesNormally() throws Exception {
    try (JdkSocket socket = JdkSocket.open(port, "")) {
      Set<String> sent = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        String id = "1b4e28ba-2fa1-11d2-883f-00000000000" + i;
        sent.add(id);
        socket.sendBinary(index(id, "doc-" + i + "-a", "doc-" + i + "-b"));
      }
      socket.sendBinary(new byte[] {0});
      Set<String> answered = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        JdkSocket.Message m = socket.next();
        assertNotNull(m, "response " + i + " arrived");
        assertNotNull(m.binary(), "a binary request is answered in binary");
        RequestProto r = RequestProto.parseFrom(m.binary());
        answered.add(r.getRequestId());
        String n = r.getRequestId().substring(r.getRequestId().length() - 1);
        assertEquals(List.of("doc-" + n + "-a", "doc-" + n + "-b"), r.getIndex().getDocsList().stream().map(d -> d.getId()).toList(),
            "each response carries its own request's documents");
        assertEquals(0, r.getStatus().getCodeValue());
        assertEquals(List.of("gateway", "tagger", "waiter"), r.getRoutesList().stream().map(x -> x.getPod()).toList());
      }
      assertEquals(sent, answered);
      JdkSocket.Closed closed = socket.closed();
      assertEquals(1000, closed.code(), "the server closes normally after the last response: " + closed);
    }
  }

  @Test
  void aTextFrameIsAnsweredInJson() throws Exception {
    try (JdkSocket socket = JdkSocket.open(port, "")) {
      String json = ProtoJson.print(ProtoCodec.encode(Request.builder(RequestType.INDEX).id("json-1")
          .docs(List.of(Document.withId("j").text("hello"))).build()));
      socket.sendText(json);
      JdkSocket.Message m = socket.next();
      assertNotNull(m.text(), "a JSON request is answered in JSON");
      assertTrue(m.text().contains("\"request_id\":\"json-1\""), "proto field names: " + m.text());
      RequestProto r = ProtoJson.parse(m.text());
      assertEquals("hello", r.getIndex().getDocs(0).getText());
      assertEquals("tagger", r.getIndex().getDocs(0).getTags().getFieldsOrThrow("path").getListValue().getValues(0).getStringValue());
      socket.sendBinary(new byte[] {0});
      assertEquals(1000, socket.closed().code());
    }
  }

  @Test
  void requestsOnOneSocketRunConcurrentlyAndAreAnsweredAsTheyComplete() throws Exception {
    try (JdkSocket socket = JdkSocket.open(port, "")) {
      socket.sendBinary(index("first", "wait:order")); // held in the Flow until the test releases it
      socket.sendBinary(index("second", "d"));
      RequestProto one = RequestProto.parseFrom(socket.next().binary());
      assertEquals("second", one.getRequestId(), "the second request overtook the first, which is still running");
      latch("order").countDown();
      assertEquals("first", RequestProto.parseFrom(socket.next().binary()).getRequestId());
    }
  }

  @Test
  void badInputClosesOnlyThatSocketWithACodeAndAReason() throws Exception {
    assertClosedWith(1007, "not a RequestProto", s -> s.sendBinary(new byte[] {0x0A, (byte) 0xFF, 0x01}));
    assertClosedWith(1007, "invalid RequestProto JSON", s -> s.sendText("{\"request_id\": "));
    assertClosedWith(1007, "has no body", s -> s.sendBinary(RequestProto.newBuilder().setRequestId("empty").build().toByteArray()));
    assertClosedWith(1009, "maxMessageSize=65536", s -> s.sendBinary(index("big", "x".repeat(70_000))));
    assertClosedWith(1002, "after the end-of-input marker", s -> {
      s.sendBinary(index("running", "wait:late")); // keeps the socket open after the marker
      s.sendBinary(new byte[] {0});
      s.sendBinary(index("late", "d"));
    });
    latch("late").countDown();
    assertClosedWith(1003, "timeout_ms must be a positive number", "?timeout_ms=soon", s -> { });
    try (JdkSocket socket = JdkSocket.open(port, "")) {
      socket.sendBinary(index("after", "d"));
      assertEquals("after", RequestProto.parseFrom(socket.next().binary()).getRequestId(), "a new socket is served");
    }
    assertEquals(2, flow.index(List.of(Document.ofText("a"), Document.ofText("b"))).get(0).docs().size(), "the flow keeps serving");
  }

  private interface Action {
    void run(JdkSocket socket) throws Exception;
  }

  private static void assertClosedWith(int code, String reason, Action action) throws Exception {
    assertClosedWith(code, reason, "", action);
  }

  private static void assertClosedWith(int code, String reason, String query, Action action) throws Exception {
    try (JdkSocket socket = JdkSocket.open(port, query)) {
      action.run(socket);
      JdkSocket.Closed closed = socket.closed();
      assertEquals(code, closed.code(), closed.toString());
      assertTrue(closed.reason().contains(reason), "the reason says why: " + closed.reason());
    }
  }

  @Test
  void theEndMarkerAloneClosesAtOnce() throws Exception {
    try (JdkSocket socket = JdkSocket.open(port, "")) {
      socket.sendBinary(new byte[] {0});
      assertEquals(1000, socket.closed().code());
    }
  }
}

package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Flow;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.core.testing.TestExecutors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An HTTP call's size is bounded before its body is expanded into documents, on a real gateway over real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpCallLimitsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Flow flow;
  private static String base;

  @BeforeAll
  static void start() {
    flow = Flow.builder().restful(true).host("127.0.0.1")
        .add("indexer", TestExecutors.MemoryIndexer::new)
        .build().start();
    base = "http://127.0.0.1:" + flow.async().gatewayAddress().port();
  }

  @AfterAll
  static void stop() {
    flow.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMillionEmptyStringsGet413NamingTheLimitAndTheGatewayKeepsServing() throws Exception {
    StringBuilder body = new StringBuilder(3_000_020).append("{\"data\": [");
    for (int i = 0; i < 1_000_000; i++) {
      body.append(i == 0 ? "\"\"" : ",\"\"");
    }
    HttpResponse<String> r = post("/index", body.append("]}").toString());
    assertEquals(413, r.statusCode(), r.body());
    Map<?, ?> error = (Map<?, ?>) Json.parse(r.body());
    assertEquals("RESOURCE_EXHAUSTED", error.get("code"));
    String says = (String) error.get("description");
    assertTrue(says.contains("1000000 items") && says.contains("the limit is 100000 per call") && says.contains("request_size"), says);
    assertTrue(r.body().length() < 1000, "the answer is short: " + r.body().length() + " characters");

    HttpResponse<String> ok = post("/index", "{\"data\": [\"still\", \"serving\"], \"request_size\": 1}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(2, ((List<?>) Json.parse(ok.body())).size());
  }

  /** The body is counted without being built: refusing it allocates next to nothing, however many items it has. */
  @Test
  void aMillionEmptyStringsAreRefusedHavingAllocatedAlmostNothing() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "allocation is measurable");
    com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
    StringBuilder b = new StringBuilder(3_000_020).append("{\"data\": [");
    for (int i = 0; i < 1_000_000; i++) {
      b.append(i == 0 ? "\"\"" : ",\"\"");
    }
    String body = b.append("]}").toString();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long before = counter.getCurrentThreadAllocatedBytes();
      FlowException e = assertThrows(FlowException.class, () -> HttpBody.parse(RequestType.INDEX, body));
      least = Math.min(least, counter.getCurrentThreadAllocatedBytes() - before);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    }
    assertTrue(least < 64 * 1024, "refusing a 3 MB body allocated " + least + " bytes");
  }

  @Test
  void exactlyTheLimitIsOneCall() {
    StringBuilder body = new StringBuilder().append("{\"request_size\": 10000, \"data\": [");
    for (int i = 0; i < HttpBody.MAX_ITEMS; i++) {
      body.append(i == 0 ? "\"a\"" : ",\"a\"");
    }
    assertEquals(10, HttpBody.parse(RequestType.INDEX, body.append("]}").toString()).size());
  }

  @Test
  void aQuantizedBlobWhoseShapeLiesIsA400() throws Exception {
    String blob = "{\"dense\": {\"buffer\": \"" + Base64.getEncoder().encodeToString(new byte[16]) + "\", \"shape\": [65536, 65536],"
        + " \"dtype\": \"|u1\", \"quantization\": \"UINT8\", \"original_dtype\": \"float64\"}}";
    HttpResponse<String> r = post("/index", "{\"data\": [{\"id\": \"q\", \"blob\": " + blob + "}]}");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("data[0..0]: index.docs[0].blob") && r.body().contains("4294967296"), r.body());
  }

  @Test
  void theItemLimitIsCheckedBeforeTheBodyIsParsed() {
    FlowException e = assertThrows(FlowException.class,
        () -> HttpBody.parse(RequestType.INDEX, "{\"data\": [\"a\", {\"b\": [1, 2, \"]\"]}, \"c\"], \"x\": [1, 2", 2, 1 << 20));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("has 3 items; the limit is 2"), e.getMessage());
    assertEquals(3, HttpBody.envelope("{\"mime_type\": \"data\", \"data\" : [ {\"data\": [1,2,3,4]}, \"x,y\", [] ]}", 3)
        .get("data").size());
    assertEquals(0, HttpBody.envelope("{\"data\": [ ]}", 3).get("data").size());
    assertEquals(null, HttpBody.envelope("{\"x\": {\"data\": [1]}}", 3).get("data"), "only the top-level data counts");
  }

  @Test
  void binaryContentAddsUpAgainstTheMessageSize() {
    String uri = "\"data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(new byte[600]) + "\"";
    assertEquals(1, HttpBody.parse(RequestType.INDEX, "{\"data\": [" + uri + "]}", 10, 1000).size());
    FlowException e = assertThrows(FlowException.class,
        () -> HttpBody.parse(RequestType.INDEX, "{\"data\": [" + uri + "," + uri + "]}", 10, 1000));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("data[1]") && e.getMessage().contains("maxMessageSize of 1000"), e.getMessage());
  }

  @Test
  void quantizedArraysAreDecodedWithinFourTimesTheMessageSize() {
    String blob = "{\"dense\": {\"buffer\": \"" + Base64.getEncoder().encodeToString(new byte[600]) + "\", \"shape\": [600],"
        + " \"quantization\": \"UINT8\", \"original_dtype\": \"float64\"}}";
    FlowException e = assertThrows(FlowException.class,
        () -> HttpBody.parse(RequestType.INDEX, "{\"data\": [{\"blob\": " + blob + "}]}", 10, 1000));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("maxArrayBytes of 4000"), e.getMessage());
  }
}

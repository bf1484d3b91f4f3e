package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Secret;
import dev.jflow.api.internal.Json;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.core.testing.TestExecutors;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST API on the gateway's port, driven by the JDK's HttpClient against a Flow with a real indexer. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpEndpointsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final TestExecutors.MemoryIndexer INDEX = new TestExecutors.MemoryIndexer();
  private static final String ADMIN = "http-endpoints-admin-token";
  private static Flow flow;
  private static String base;

  @BeforeAll
  static void start() {
    flow = Flow.builder().restful(true).host("127.0.0.1").maxMessageSize(256 * 1024)
        .authenticator(BearerTokens.builder().adminTokens(Secret.of(ADMIN)).build()) // data stays open
        .add("tagger", TestExecutors.PathTagger::new)
        .add("indexer", () -> INDEX)
        .build().start();
    base = "http://127.0.0.1:" + flow.async().gatewayAddress().port();
  }

  @AfterAll
  static void stop() {
    flow.close();
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, body, null);
  }

  /** A call with {@code Authorization: Bearer <token>}, or none when the token is null. */
  private static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The proto3 JSON of documents d0..d(n-1) whose embeddings are [i, i, i, i]. */
  private static String vectorsJson(int from, int to) throws Exception {
    List<Document> docs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      docs.add(Document.withId("d" + i).embedding(NdArray.of(new float[] {i, i, i, i})));
    }
    RequestProto p = ProtoCodec.encode(Request.builder(RequestType.INDEX).docs(docs).build());
    List<String> items = new ArrayList<>();
    for (var d : p.getIndex().getDocsList()) {
      items.add(JsonFormat.printer().print(d));
    }
    return "[" + String.join(",", items) + "]";
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> responses(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return (List<Map<String, Object>>) Json.parse(r.body());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> docs(Map<String, Object> response, String body) {
    return (List<Map<String, Object>>) ((Map<String, Object>) response.get(body)).get("docs");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String json) {
    return (Map<String, Object>) Json.parse(json);
  }

  @Test
  void statusReportsVersionReadinessAndProtocol() throws Exception {
    HttpResponse<String> r = call("GET", "/status", null, ADMIN);
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Object> status = object(r.body());
    assertEquals(Version.JFLOW, status.get("jflow"));
    assertTrue(!Version.JFLOW.equals("unknown"), "the build wrote the version");
    assertEquals(true, status.get("ready"));
    assertEquals("websocket", status.get("protocol"));
    Map<?, ?> pods = (Map<?, ?>) status.get("flow");
    assertTrue(pods != null && pods.toString().contains("indexer"), "the Flow's own status names its pods: " + r.body());
    assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS unless websocket.cors allows origins");
  }

  @Test
  void indexThenSearchWithTopKThenDelete() throws Exception {
    List<Map<String, Object>> indexed = responses(call("POST", "/index", "{\"data\": " + vectorsJson(0, 10) + ", \"request_size\": 4}"));
    assertEquals(3, indexed.size(), "10 documents in requests of 4");
    assertEquals(List.of(4, 4, 2), indexed.stream().map(r -> docs(r, "index").size()).toList(), "answered in request order");
    assertTrue(indexed.get(0).containsKey("request_id") && indexed.get(0).containsKey("routes"), "proto field names");
    assertEquals(0.0, ((Map<?, ?>) indexed.get(0).get("status")).get("code"), "defaults and enums as numbers");
    assertTrue(INDEX.size() >= 10);

    String query = "{\"id\": \"q\", \"embedding\": {\"dense\": {\"buffer\": \"AADgQAAA4EAAAOBAAADgQA==\", \"shape\": [4], \"dtype\": \"<f4\"}}}";
    List<Map<String, Object>> found = responses(call("POST", "/search", "{\"data\": [" + query + "], \"top_k\": 3}"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> matches = (List<Map<String, Object>>) docs(found.get(0), "search").get(0).get("matches");
    assertEquals(3, matches.size(), "top_k=3 gives three matches");
    assertEquals("d7", matches.get(0).get("id"), "the query [7,7,7,7] is nearest d7");

    List<Map<String, Object>> deleted = responses(call("DELETE", "/delete", "{\"data\": [\"d8\", \"d9\"]}"));
    assertEquals(List.of("d8", "d9"), ((Map<?, ?>) deleted.get(0).get("delete")).get("ids"));
    List<Map<String, Object>> again = responses(call("POST", "/search", "{\"data\": [" + query + "], \"top_k\": 10}"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> left = (List<Map<String, Object>>) docs(again.get(0), "search").get(0).get("matches");
    assertTrue(left.stream().noneMatch(m -> m.get("id").equals("d8") || m.get("id").equals("d9")), "deleted ids are gone: " + left);
  }

  @Test
  void plainStringsAreTextAndDataUrisAreBuffersWithTheirMimeType() throws Exception {
    List<Map<String, Object>> rs = responses(call("PUT", "/update", "{\"data\": [\"hello world\", "
        + "\"data:image/png;base64,AAEC\", \"data:,a%20b\", {\"id\": \"x\", \"text\": \"t\", \"color\": \"red\"}], \"mime_type\": \"text/plain\"}"));
    List<Map<String, Object>> docs = docs(rs.get(0), "update");
    assertEquals("hello world", docs.get(0).get("text"));
    assertEquals("text/plain", docs.get(0).get("mime_type"), "the body's mime_type fills in documents that have none");
    assertEquals("AAEC", docs.get(1).get("buffer"));
    assertEquals("image/png", docs.get(1).get("mime_type"));
    assertEquals("YSBi", docs.get(2).get("buffer"), "a percent-encoded data URI: 'a b'");
    assertEquals("x", docs.get(3).get("id"));
    @SuppressWarnings("unchecked")
    Map<String, Object> tags = (Map<String, Object>) docs.get(3).get("tags");
    assertEquals("red", tags.get("color"), "unknown keys become tags, as Jina does");
    assertEquals(List.of("tagger"), tags.get("path"), "the documents went through the Flow");
  }

  @Test
  void badInputGetsA4xxJsonBodyNamingTheProblemAndTheServerKeepsServing() throws Exception {
    assertError(call("POST", "/index", "{\"data\": [1, 2"), 400, "INVALID_ARGUMENT", "not valid JSON");
    assertError(call("POST", "/index", "{\"docs\": []}"), 400, "INVALID_ARGUMENT", "\"data\" must be an array");
    assertError(call("POST", "/index", "{\"data\": [\"data:image/png;base64,!!\"]}"), 400, "INVALID_ARGUMENT", "data[0] is a data URI");
    assertError(call("POST", "/index", "{\"data\": [{\"embedding\": 5}]}"), 400, "INVALID_ARGUMENT", "data[0] is not a valid Document");
    assertError(call("DELETE", "/delete", "{\"data\": [7]}"), 400, "INVALID_ARGUMENT", "data[0] must be a document id");
    assertError(call("POST", "/index", "{\"data\": [\"" + "x".repeat(300 * 1024) + "\"]}"), 413, "RESOURCE_EXHAUSTED", "maxMessageSize");
    assertError(call("GET", "/nowhere", null), 404, "NOT_FOUND", "POST /index");
    HttpResponse<String> wrong = call("GET", "/index", null);
    assertError(wrong, 405, "METHOD_NOT_ALLOWED", "/index takes POST");
    assertEquals("POST, OPTIONS", wrong.headers().firstValue("Allow").orElse(""));
    assertError(call("GET", "/stream", null), 426, "UPGRADE_REQUIRED", "WebSocket");

    assertEquals(200, call("GET", "/status", null).statusCode(), "still serving");
    assertEquals(1, responses(call("POST", "/index", "{\"data\": [\"still here\"]}")).size());
  }

  @Test
  void aBodyOverMaxMessageSizeIsAnswered413EvenWhileTheClientIsStillSendingIt() throws Exception {
    // The gateway answers as soon as the declared length is too large; closing the connection with the
    // rest of the body unread would make TCP reset it, and the client would see no answer at all.
    String big = "{\"data\": [\"" + "x".repeat(4 << 20) + "\"]}";
    for (int i = 0; i < 10; i++) {
      assertError(call("POST", "/index", big), 413, "RESOURCE_EXHAUSTED", "maxMessageSize");
    }
    assertEquals(1, responses(call("POST", "/index", "{\"data\": [\"still here\"]}")).size());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String says) {
    assertEquals(status, r.statusCode(), r.body());
    Map<String, Object> body = object(r.body());
    assertEquals((double) status, body.get("status"));
    assertEquals(code, body.get("code"));
    assertTrue(((String) body.get("description")).contains(says), "the description says why: " + body.get("description"));
  }

  @Test
  void preflightRequestsGetCorsHeadersWhenTheOptionAllowsEveryOrigin() throws Exception {
    try (Flow open = Flow.builder().gateway(dev.jflow.api.GatewayConfig.builder().protocol("websocket").host("127.0.0.1")
        .option(WebSocketOptions.CORS, "*").build()).add("p", "_pass").build().start()) {
      HttpRequest preflight = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + open.async().gatewayAddress().port() + "/search"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "http://example.com").header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "content-type").build();
      HttpResponse<String> r = HTTP.send(preflight, HttpResponse.BodyHandlers.ofString());
      assertEquals(204, r.statusCode());
      assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
      assertEquals("Content-Type, Authorization", r.headers().firstValue("Access-Control-Allow-Headers").orElse(""),
          "a fixed list, which allows the content-type asked for");
    }
  }

  @Test
  void reloadSendsAReloadCommandAndDocsDescribeTheApi() throws Exception {
    List<Map<String, Object>> reloaded = responses(call("POST", "/reload", "{\"targets\": [\"tagger\"]}", ADMIN));
    Map<?, ?> control = (Map<?, ?>) reloaded.get(0).get("control");
    assertEquals(5.0, control.get("command"), "RELOAD is command 5");
    assertEquals(List.of("tagger"), control.get("targets"));
    HttpResponse<String> docs = call("GET", "/docs", null);
    assertEquals(200, docs.statusCode());
    assertTrue(docs.body().contains("/openapi.json"));
    Map<String, Object> openapi = object(call("GET", "/openapi.json", null).body());
    assertTrue(((Map<?, ?>) openapi.get("paths")).containsKey("/search"));
  }
}

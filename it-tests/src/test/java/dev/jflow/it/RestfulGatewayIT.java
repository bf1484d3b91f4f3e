package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: a gateway in a container serving {@code restful-flow.yml} ({@code restful: true}, an
 * encoder and an indexer), copied into the container and served with {@code jflow flow}. The test
 * drives the one Flow three ways: HTTP ({@code GET /status}, {@code POST /index}, {@code POST /search}),
 * JFlow's WebSocket client, and a bare JDK WebSocket sending the proto3 JSON of a request to
 * {@code /stream}; documents indexed one way are found the others.
 */
@ExtendWith(DockerImageExtension.class)
class RestfulGatewayIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Test
  void servesHttpAndWebSocketFromAContainer(JflowImage image) throws Exception {
    Assumptions.assumeTrue(image.hasJar("transport-websocket-") && present("dev.jflow.transport.websocket.WebSocketTransportProvider"),
        "Skipping the restful gateway test: the transport-websocket module is not in the image's lib/; "
            + "add it as a dependency of flow-cli (and of it-tests)");
    try (JflowContainer gateway = JflowContainer.restfulFlow(image, "restful-gateway", "restful-flow.yml")) {
      gateway.start();
      String base = "http://127.0.0.1:" + gateway.port();

      JsonObject status = JsonParser.parseString(get(base + "/status")).getAsJsonObject();
      assertEquals("websocket", status.get("protocol").getAsString(), () -> "GET /status: " + status);
      assertTrue(status.get("ready").getAsBoolean(), () -> "GET /status: " + status);

      // documents 0..39 over HTTP, 4 requests of 10
      JsonObject index = new JsonObject();
      JsonArray data = new JsonArray();
      for (int i = 0; i < 40; i++) {
        JsonObject d = new JsonObject();
        d.addProperty("id", "doc-" + i);
        d.addProperty("text", Corpus.text(i));
        data.add(d);
      }
      index.add("data", data);
      index.addProperty("request_size", 10);
      JsonArray indexed = JsonParser.parseString(post(base + "/index", index.toString())).getAsJsonArray();
      assertEquals(4, indexed.size(), "POST /index answers one response per request of 10");
      Set<String> ids = new TreeSet<>();
      for (JsonElement r : indexed) {
        assertEquals(0, r.getAsJsonObject().getAsJsonObject("status").get("code").getAsInt(), () -> "POST /index: " + r);
        r.getAsJsonObject().getAsJsonObject("index").getAsJsonArray("docs").forEach(d -> ids.add(d.getAsJsonObject().get("id").getAsString()));
      }
      assertEquals(new TreeSet<>(IntStream.range(0, 40).mapToObj(i -> "doc-" + i).toList()), ids, "POST /index returns every document");

      // documents 40..79 and every query over JFlow's WebSocket client
      try (Client client = Client.connect("websocket", "127.0.0.1", gateway.port())) {
        List<Response> added = client.index(Inputs.of(Corpus.docs(40, 80)), CallOptions.builder().requestSize(8).build())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(5, added.size(), "5 WebSocket index requests of 8");
        added.forEach(r -> assertFalse(r.isError(), () -> "WebSocket index failed: " + r.status()));
        List<Response> found = client.search(Inputs.of(Corpus.queries(0, 80)), CallOptions.builder().topK(2).requestSize(20).build())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Corpus.assertFound(found, IntStream.range(0, 80).boxed().toList(), 2);
      }

      // HTTP search finds documents indexed over WebSocket and over HTTP
      JsonObject search = new JsonObject();
      JsonArray queries = new JsonArray();
      queries.add(Corpus.text(5));
      queries.add(Corpus.text(55));
      search.add("data", queries);
      search.addProperty("top_k", 2);
      JsonArray searched = JsonParser.parseString(post(base + "/search", search.toString())).getAsJsonArray();
      JsonArray answers = searched.get(0).getAsJsonObject().getAsJsonObject("search").getAsJsonArray("docs");
      assertEquals(List.of("doc-5", "doc-55"), List.of(bestMatch(answers.get(0)), bestMatch(answers.get(1))), () -> "POST /search: " + searched);
      assertEquals(2, answers.get(0).getAsJsonObject().getAsJsonArray("matches").size(), "top_k 2 over HTTP");

      // any WebSocket client: a text frame holding the proto3 JSON of a request, then the end marker 0x00
      String request = "{\"request_id\": \"raw-1\", \"search\": {\"docs\": [{\"id\": \"q-7\", \"text\": \"" + Corpus.text(7)
          + "\"}]}, \"parameters\": {\"top_k\": 1}}";
      JsonObject answer = JsonParser.parseString(rawWebSocket("ws://127.0.0.1:" + gateway.port() + "/stream", request)).getAsJsonObject();
      assertEquals("raw-1", answer.get("request_id").getAsString(), () -> "WebSocket answer: " + answer);
      JsonArray docs = answer.getAsJsonObject("search").getAsJsonArray("docs");
      assertEquals("doc-7", bestMatch(docs.get(0)), () -> "WebSocket answer: " + answer);
      assertEquals(1, docs.get(0).getAsJsonObject().getAsJsonArray("matches").size(), "top_k 1 over a bare WebSocket");
    }
  }

  private static String bestMatch(JsonElement query) {
    return query.getAsJsonObject().getAsJsonArray("matches").get(0).getAsJsonObject().get("id").getAsString();
  }

  private String get(String uri) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build());
  }

  private String post(String uri, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private String send(HttpRequest request) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), () -> request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
    return r.body();
  }

  /** Sends {@code json} as one text frame and the end marker, and returns the one text answer once the server closes. */
  private String rawWebSocket(String uri, String json) throws Exception {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    List<String> answers = new ArrayList<>();
    StringBuilder partial = new StringBuilder();
    WebSocket ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(uri), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence text, boolean last) {
        partial.append(text);
        if (last) {
          answers.add(partial.toString());
          partial.setLength(0);
        }
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        closed.complete(code);
        return null;
      }

      @Override
      public void onError(WebSocket socket, Throwable error) {
        closed.completeExceptionally(error);
      }
    }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ws.sendText(json, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ws.sendBinary(ByteBuffer.wrap(new byte[] {0}), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    int code = closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(WebSocket.NORMAL_CLOSURE, code, () -> "the gateway closes the socket normally after answering: " + answers);
    assertEquals(1, answers.size(), () -> "one answer per request: " + answers);
    return answers.get(0);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, RestfulGatewayIT.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

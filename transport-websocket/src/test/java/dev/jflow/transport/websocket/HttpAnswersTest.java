package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.internal.Json;
import dev.jflow.api.internal.JsonSpan;
import dev.jflow.core.testing.TestExecutors;
import dev.jflow.proto.ProtoJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A CRUD call is answered with the JSON array of ProtoJson's print of each response, printed straight
 * into the answer: a small answer carries its Content-Length, a large one is sent as it is printed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpAnswersTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Flow flow;
  private static String base;

  @BeforeAll
  static void start() {
    flow = Flow.builder().restful(true).host("127.0.0.1").add("indexer", TestExecutors.MemoryIndexer::new).build().start();
    base = "http://127.0.0.1:" + flow.async().gatewayAddress().port();
  }

  @AfterAll
  static void stop() {
    flow.close();
  }

  private static HttpResponse<String> index(int documents) throws Exception {
    StringBuilder body = new StringBuilder("{\"request_size\": 100, \"data\": [");
    for (int i = 0; i < documents; i++) {
      body.append(i == 0 ? "" : ",").append("{\"id\": \"d").append(i).append("\", \"text\": \"the text of document ").append(i)
          .append(" <&> é\", \"tags\": {\"n\": ").append(i).append("}}");
    }
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/index")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    return r;
  }

  /** The answer is exactly "[" + ProtoJson.print of each response, joined by "," + "]". */
  private static void assertProtoJsonArray(String answer, int responses) {
    List<JsonSpan> elements = Json.skim(answer).elements();
    assertEquals(responses, elements.size());
    StringBuilder expected = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      expected.append(i == 0 ? "" : ",").append(ProtoJson.print(ProtoJson.parse(elements.get(i).text())));
    }
    assertEquals(expected.append(']').toString(), answer);
  }

  @Test
  void aSmallAnswerCarriesItsLength() throws Exception {
    HttpResponse<String> r = index(3);
    assertEquals(String.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length), r.headers().firstValue("Content-Length").orElse(""));
    assertProtoJsonArray(r.body(), 1);
  }

  @Test
  void aLargeAnswerIsSentAsItIsPrinted() throws Exception {
    HttpResponse<String> r = index(3000);
    assertTrue(r.body().length() > 500_000, "large: " + r.body().length());
    assertTrue(r.headers().firstValue("Content-Length").isEmpty(), "no length was known before printing: " + r.headers().map());
    assertProtoJsonArray(r.body(), 30);
  }
}

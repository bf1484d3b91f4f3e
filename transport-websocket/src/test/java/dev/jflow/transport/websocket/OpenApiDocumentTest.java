package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.internal.Json;
import dev.jflow.core.testing.TestExecutors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /openapi.json} is generated from the route table the gateway dispatches from, with schemas and examples. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Flow flow;
  private static String base;

  @BeforeAll
  static void start() {
    flow = Flow.builder().restful(true).host("127.0.0.1")
        .add("indexer", TestExecutors.MemoryIndexer::new).build().start();
    base = "http://127.0.0.1:" + flow.async().gatewayAddress().port();
  }

  @AfterAll
  static void stop() {
    flow.close();
  }

  static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> document() throws Exception {
    HttpResponse<String> r = call("GET", "/openapi.json", null);
    assertEquals(200, r.statusCode(), r.body());
    return (Map<String, Object>) Json.parse(r.body());
  }

  @Test
  void everyDescribedOperationIsServedWithItsMethodAndNoOther() throws Exception {
    Map<?, ?> paths = (Map<?, ?>) document().get("paths");
    assertEquals(List.of("/status", "/index", "/search", "/update", "/delete", "/reload", "/metrics", "/flow"), List.copyOf(paths.keySet()));
    for (Map.Entry<?, ?> p : paths.entrySet()) {
      for (Object method : ((Map<?, ?>) p.getValue()).keySet()) {
        String m = ((String) method).toUpperCase(java.util.Locale.ROOT);
        HttpResponse<String> r = call(m, (String) p.getKey(), m.equals("GET") ? null : "{\"data\": []}");
        assertTrue(!r.body().contains("no endpoint at"), m + " " + p.getKey() + " is described, so it is served: " + r.body());
        assertNotEquals(405, r.statusCode(), m + " " + p.getKey() + ": " + r.body());
        String other = m.equals("PATCH") ? "GET" : "PATCH";
        assertEquals(405, call(other, (String) p.getKey(), null).statusCode(), other + " " + p.getKey() + " is not described");
      }
    }
  }

  @Test
  void searchHasARequestSchemaWithAnExampleAndAnswersDocumentsWithMatchesAndScores() throws Exception {
    Map<?, ?> doc = document();
    Map<?, ?> search = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) doc.get("paths")).get("/search")).get("post");
    Map<?, ?> json = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) search.get("requestBody")).get("content")).get("application/json");
    assertEquals(List.of("data"), ((Map<?, ?>) json.get("schema")).get("required"));
    assertEquals(Map.of("data", List.of("hello world"), "top_k", 3.0), json.get("example"));
    Map<?, ?> responses = (Map<?, ?>) search.get("responses");
    assertTrue(responses.keySet().containsAll(List.of("200", "400", "401", "413", "415")), responses.keySet().toString());
    Map<?, ?> documents = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) doc.get("components")).get("schemas")).get("Documents");
    Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) documents.get("properties")).get("docs")).get("items"))
        .get("properties");
    assertTrue(fields.keySet().containsAll(List.of("id", "text", "tags", "matches", "score")), fields.keySet().toString());
  }
}

package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever goes wrong behind the REST API, an Error included, the client gets a 500 with a JSON error,
 * never an empty 200, and the gateway keeps serving.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpErrorsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static GatewayServer gateway;
  private static String base;

  /** Fails the way the first document's text says; answers other requests with their documents. */
  private static final class Failing implements RequestHandler {
    @Override
    public CompletableFuture<Response> handle(Request request, Duration timeout) {
      String how = request.docs().isEmpty() ? "" : request.docs().get(0).text();
      switch (how) {
        case "throw":
          throw new StackOverflowError("test: thrown by handle");
        case "fail":
          return CompletableFuture.failedFuture(new OutOfMemoryError("test: the future failed"));
        case "encode": // as when the heap runs out while the answer's JSON is built
          return CompletableFuture.completedFuture(new Response(request.id(), request.type(), new AbstractList<Document>() {
            @Override
            public Document get(int index) {
              throw new OutOfMemoryError("test: Java heap space");
            }

            @Override
            public int size() {
              return 1;
            }
          }, List.of(), List.of(), null, Status.SUCCESS, List.of()));
        default:
          return CompletableFuture.completedFuture(Response.of(request, Status.SUCCESS, List.of()));
      }
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  @BeforeAll
  static void start() {
    gateway = new WebSocketTransportProvider()
        .newGatewayServer(GatewayConfig.defaults().withHost("127.0.0.1"), new Failing());
    gateway.start().join();
    base = "http://127.0.0.1:" + gateway.address().port();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static HttpResponse<String> index(String base, String text) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/index")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"data\": [\"" + text + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static void assertInternal(HttpResponse<String> r, String mentions) {
    assertEquals(500, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    Map<String, Object> error = (Map<String, Object>) Json.parse(r.body());
    assertEquals(500, ((Number) error.get("status")).intValue());
    assertEquals("INTERNAL", error.get("code"));
    assertTrue(String.valueOf(error.get("description")).contains(mentions), r.body());
  }

  @Test
  void anOutOfMemoryErrorWhileTheAnswerIsBuiltAnswers500AndTheNextCallIsServed() throws Exception {
    assertInternal(index(base, "encode"), "OutOfMemoryError");
    assertEquals(200, index(base, "fine").statusCode());
  }

  @Test
  void anErrorThrownByTheFlowAnswers500AndTheNextCallIsServed() throws Exception {
    assertInternal(index(base, "throw"), "StackOverflowError");
    assertEquals(200, index(base, "fine").statusCode());
  }

  @Test
  void aFlowThatFailsWithAnErrorAnswers500AndTheNextCallIsServed() throws Exception {
    assertInternal(index(base, "fail"), "OutOfMemoryError");
    assertEquals(200, index(base, "fine").statusCode());
  }

  /** Throws an OutOfMemoryError for every request. */
  static final class OutOfMemory implements Executor {
    @Override
    public void handle(Request request) {
      throw new OutOfMemoryError("test: no memory left");
    }

    @Override
    public void close() {}
  }

  /**
   * An executor's Error is the pod's failure, which the Flow reports as Jina does: in the response's
   * status, not as an HTTP error. The answer is never empty and the Flow keeps serving.
   */
  @Test
  @SuppressWarnings("unchecked")
  void anExecutorsErrorIsReportedInTheResponseStatus() throws Exception {
    try (Flow flow = Flow.builder().protocol("websocket").host("127.0.0.1").add("oom", OutOfMemory::new).build().start()) {
      String flowBase = "http://127.0.0.1:" + flow.async().gatewayAddress().port();
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = index(flowBase, "x");
        Map<String, Object> status = (Map<String, Object>) ((List<Map<String, Object>>) Json.parse(r.body())).get(0).get("status");
        assertTrue(String.valueOf(status.get("description")).contains("OutOfMemoryError"), r.body());
      }
    }
  }
}

package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.testing.EchoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway options GatewayConfig does not hold: CORS, idle timeout, queue limits, and how they are read. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewaySettingsTest {
  private static final RequestHandler ECHO = new EchoHandler();

  private static GatewayServer start(WebSocketSettings settings) {
    GatewayServer g = new WebSocketTransportProvider(settings).newGatewayServer(GatewayConfig.defaults().withHost("127.0.0.1"), ECHO);
    g.start().join();
    return g;
  }

  @Test
  void aSilentSocketIsClosedAfterTheIdleTimeout() throws Exception {
    try (GatewayServer g = start(WebSocketSettings.builder().idleTimeout(Duration.ofMillis(200)).build());
        JdkSocket socket = JdkSocket.open(g.address().port(), "")) {
      JdkSocket.Closed closed = socket.closed();
      assertEquals(1000, closed.code());
      assertTrue(closed.reason().contains("idle"), closed.reason());
    }
  }

  @Test
  void requestsPilingUpPastTheStreamByteBudgetAreShedAndCloseThatSocket() throws Exception {
    CompletableFuture<Response> never = new CompletableFuture<>();
    RequestHandler stuck = new RequestHandler() {
      @Override
      public CompletableFuture<Response> handle(Request request, Duration timeout) {
        return never;
      }

      @Override
      public boolean isReady() {
        return true;
      }
    };
    GatewayServer g = new WebSocketTransportProvider(WebSocketSettings.defaults()).newGatewayServer(
        GatewayConfig.builder().host("127.0.0.1").prefetch(1).maxStreamBytes(1024).build(), stuck);
    g.start().join();
    try (g; JdkSocket socket = JdkSocket.open(g.address().port(), "")) {
      byte[] request = dev.jflow.proto.ProtoCodec.encode(Request.builder(dev.jflow.api.RequestType.INDEX)
          .docs(List.of(dev.jflow.api.Document.ofText("x".repeat(600)))).build()).toByteArray();
      for (int i = 0; i < 2; i++) { // one runs, the second passes the stream's 1 KiB budget
        socket.sendBinary(request);
      }
      JdkSocket.Closed closed = socket.closed();
      assertEquals(4008, closed.code(), "RESOURCE_EXHAUSTED in the 4000 + gRPC code scheme");
      assertTrue(closed.reason().contains("maxStreamBytes=1024"), closed.reason());
    }
    await().until(never::isCancelled); // the running request was abandoned
  }

  @Test
  void corsAnswersTheConfiguredOriginOrNothing() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (GatewayServer some = start(WebSocketSettings.builder().corsAllowOrigin("https://app.example").build());
        GatewayServer none = start(WebSocketSettings.builder().corsAllowOrigin("").build())) {
      HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + some.address().port() + "/status")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("https://app.example", a.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      HttpResponse<String> b = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + none.address().port() + "/status")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, b.statusCode());
      assertTrue(b.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
  }

  @Test
  void systemPropertiesAreReadAndEveryBadValueIsReported() {
    Properties p = new Properties();
    p.setProperty("jflow.websocket.cors", "https://x.example");
    p.setProperty("jflow.websocket.idleTimeoutMs", "1500");
    WebSocketSettings s = WebSocketSettings.fromProperties(p);
    assertEquals("https://x.example", s.corsAllowOrigin());
    assertEquals(Duration.ofMillis(1500), s.idleTimeout());
    assertEquals(WebSocketSettings.DEFAULT_MAX_QUEUED_BYTES, s.maxQueuedBytes());

    p.setProperty("jflow.websocket.maxQueuedBytes", "lots");
    p.setProperty("jflow.websocket.idleTimeoutMs", "1s");
    FlowException e = assertThrows(FlowException.class, () -> WebSocketSettings.fromProperties(p));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("jflow.websocket.maxQueuedBytes must be a whole number, got 'lots'"), e.getMessage());
    assertTrue(e.getMessage().contains("jflow.websocket.idleTimeoutMs"), e.getMessage());
    FlowException b = assertThrows(FlowException.class, () -> WebSocketSettings.builder().maxQueuedBytes(0).idleTimeout(Duration.ofSeconds(-1)).build());
    assertTrue(b.getMessage().contains("maxQueuedBytes must be positive") && b.getMessage().contains("idleTimeout"), b.getMessage());
  }

  @Test
  void theWorkerPoolAndBodyTimeoutAreReadFromPropertiesAndValidated() {
    WebSocketSettings d = WebSocketSettings.defaults();
    assertEquals(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), d.workerThreads());
    assertEquals(4096, d.workerQueueLimit());
    assertEquals(Duration.ofSeconds(30), d.bodyReadTimeout());
    Properties p = new Properties();
    p.setProperty("jflow.websocket.workerThreads", "12");
    p.setProperty("jflow.websocket.workerQueueLimit", "100");
    p.setProperty("jflow.websocket.bodyReadTimeoutMs", "2500");
    WebSocketSettings s = WebSocketSettings.fromProperties(p);
    assertEquals(12, s.workerThreads());
    assertEquals(100, s.workerQueueLimit());
    assertEquals(Duration.ofMillis(2500), s.bodyReadTimeout());
    FlowException e = assertThrows(FlowException.class,
        () -> WebSocketSettings.builder().workerThreads(0).workerQueueLimit(0).bodyReadTimeout(Duration.ZERO).build());
    assertTrue(e.getMessage().contains("workerThreads must be positive") && e.getMessage().contains("workerQueueLimit")
        && e.getMessage().contains("bodyReadTimeout"), e.getMessage());
  }

  @Test
  void aPortInUseFailsStartNamingTheAddress() {
    try (GatewayServer first = start(WebSocketSettings.defaults())) {
      int port = first.address().port();
      GatewayServer second = new WebSocketTransportProvider(WebSocketSettings.defaults())
          .newGatewayServer(GatewayConfig.defaults().withHost("127.0.0.1").withPort(port), ECHO);
      Exception e = assertThrows(Exception.class, () -> second.start().join());
      FlowException f = (FlowException) e.getCause();
      assertEquals(Status.Code.UNAVAILABLE, f.code());
      assertTrue(f.getMessage().contains("127.0.0.1:" + port), f.getMessage());
      second.close();
    }
  }
}

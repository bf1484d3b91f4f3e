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

/** The websocket gateway's own options (CORS, idle timeout, queue limits, workers, body timeout) and how they are read. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewaySettingsTest {
  private static final RequestHandler ECHO = new EchoHandler();

  private static GatewayServer start(GatewayConfig.Builder config) {
    GatewayServer g = new WebSocketTransportProvider().newGatewayServer(config.host("127.0.0.1").build(), ECHO);
    g.start().join();
    return g;
  }

  @Test
  void aSilentSocketIsClosedAfterTheIdleTimeout() throws Exception {
    try (GatewayServer g = start(GatewayConfig.builder().option("websocket.idle_timeout", "200ms"));
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
    GatewayServer g = new WebSocketTransportProvider().newGatewayServer(
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
    try (GatewayServer some = start(GatewayConfig.builder().option(WebSocketOptions.CORS, "https://app.example"));
        GatewayServer none = start(GatewayConfig.builder().option("websocket.cors", ""))) {
      HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + some.address().port() + "/status"))
          .header("Origin", "https://app.example").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("https://app.example", a.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      HttpResponse<String> b = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + none.address().port() + "/status"))
          .header("Origin", "https://app.example").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, b.statusCode());
      assertTrue(b.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
  }

  @Test
  void optionsAreReadTypedAndEveryBadValueIsReportedWithItsForm() {
    WebSocketSettings s = WebSocketSettings.of(GatewayConfig.builder().option("websocket.cors", "https://x.example")
        .option("websocket.idle_timeout", "1500").option("websocket.max_queued_bytes", "2MiB").build());
    assertTrue(s.cors().allows("https://x.example") && !s.cors().allows("https://y.example"), s.cors().toString());
    assertEquals(Duration.ofMillis(1500), s.idleTimeout());
    assertEquals(2L << 20, s.maxQueuedBytes());
    assertEquals(32L << 20, WebSocketSettings.defaults().maxQueuedBytes());

    WebSocketTransportProvider provider = new WebSocketTransportProvider();
    GatewayConfig bad = GatewayConfig.builder().option("websocket.max_queued_bytes", "lots").option("websocket.idle_timeout", "soon")
        .option("grpc.whatever", "is not ours").build();
    FlowException e = assertThrows(FlowException.class, () -> provider.newGatewayServer(bad, ECHO));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("gateway option websocket.max_queued_bytes must be a number of bytes of at least 1,"
        + " whole or with KiB, MiB or GiB (33554432, 32MiB), got 'lots'"), e.getMessage());
    assertTrue(e.getMessage().contains("gateway option websocket.idle_timeout must be a duration of at least 0ms"), e.getMessage());
    assertTrue(!e.getMessage().contains("grpc.whatever"), "another transport's options are not this one's to judge: " + e.getMessage());
    FlowException range = assertThrows(FlowException.class, () -> provider.newGatewayServer(GatewayConfig.builder()
        .option("websocket.max_queued_bytes", 0).option("websocket.idle_timeout", "-1s").build(), ECHO));
    assertTrue(range.getMessage().contains("websocket.max_queued_bytes must be a number of bytes of at least 1")
        && range.getMessage().contains("websocket.idle_timeout must be a duration"), range.getMessage());
  }

  @Test
  void anUnknownOptionIsRefusedListingTheKnownOnes() {
    FlowException e = assertThrows(FlowException.class, () -> new WebSocketTransportProvider()
        .newGatewayServer(GatewayConfig.builder().option("websocket.max_queue_bytes", "1MiB").build(), ECHO));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("unknown gateway option 'websocket.max_queue_bytes'; the websocket transport knows"
        + " [websocket.body_read_timeout, websocket.cors, websocket.idle_timeout, websocket.max_queued_bytes,"
        + " websocket.worker_queue_limit, websocket.worker_threads]"), e.getMessage());
  }

  @Test
  void theWorkerPoolAndBodyTimeoutAreReadFromOptionsAndValidated() {
    WebSocketSettings d = WebSocketSettings.defaults();
    assertEquals(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), d.workerThreads());
    assertEquals(4096, d.workerQueueLimit());
    assertEquals(Duration.ofSeconds(30), d.bodyReadTimeout());
    WebSocketSettings s = WebSocketSettings.of(GatewayConfig.builder().option("websocket.worker_threads", 12)
        .option("websocket.worker_queue_limit", "100").option(WebSocketOptions.BODY_READ_TIMEOUT, Duration.ofMillis(2500)).build());
    assertEquals(12, s.workerThreads());
    assertEquals(100, s.workerQueueLimit());
    assertEquals(Duration.ofMillis(2500), s.bodyReadTimeout());
    FlowException e = assertThrows(FlowException.class, () -> new WebSocketTransportProvider().newGatewayServer(GatewayConfig.builder()
        .option("websocket.worker_threads", 0).option("websocket.worker_queue_limit", 0).option("websocket.body_read_timeout", "0").build(), ECHO));
    assertTrue(e.getMessage().contains("websocket.worker_threads must be a whole number of at least 1, got '0'")
        && e.getMessage().contains("websocket.worker_queue_limit") && e.getMessage().contains("websocket.body_read_timeout"), e.getMessage());
  }

  @Test
  void aRetiredSystemPropertyFailsNamingTheOptionToSetInstead() {
    Properties p = new Properties();
    p.setProperty("jflow.websocket.cors", "https://x.example");
    p.setProperty("jflow.websocket.idleTimeoutMs", "1500");
    RetiredProperties.check(new Properties());
    FlowException e = assertThrows(FlowException.class, () -> RetiredProperties.check(p));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("system property jflow.websocket.cors is no longer read; set the gateway option websocket.cors instead")
        && e.getMessage().contains("jflow.websocket.idleTimeoutMs is no longer read; set the gateway option websocket.idle_timeout"), e.getMessage());
  }

  @Test
  void aPortInUseFailsStartNamingTheAddress() {
    try (GatewayServer first = start(GatewayConfig.builder())) {
      int port = first.address().port();
      GatewayServer second = new WebSocketTransportProvider()
          .newGatewayServer(GatewayConfig.defaults().withHost("127.0.0.1").withPort(port), ECHO);
      Exception e = assertThrows(Exception.class, () -> second.start().join());
      FlowException f = (FlowException) e.getCause();
      assertEquals(Status.Code.UNAVAILABLE, f.code());
      assertTrue(f.getMessage().contains("127.0.0.1:" + port), f.getMessage());
      second.close();
    }
  }
}

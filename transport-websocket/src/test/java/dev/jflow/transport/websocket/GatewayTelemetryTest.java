package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.core.testing.RecordingGatewayMetrics;
import dev.jflow.core.testing.RecordingHandler;
import dev.jflow.proto.ProtoCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the restful gateway tells the Flow's telemetry beyond the transport contract: {@code GET /metrics}
 * (the Flow's scrape, behind the gateway's authenticator, rendered about once a second, counted nowhere),
 * the trace context of HTTP calls and of WebSocket upgrades from clients outside JFlow, its TCP
 * connections and the bytes of the answers of its API calls (not of its docs, 404s or preflights), and
 * the meters of its own protocol when the configured one is automatic.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayTelemetryTest {
  private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String DATA = "telemetry-data-token-0123456789";
  private static final String ADMIN = "telemetry-admin-token-0123456789";
  private static final String SCRAPE = "# TYPE jflow_gateway_requests_total counter\njflow_gateway_requests_total{status=\"SUCCESS\"} 3.0\n";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static GatewayConfig.Builder gateway() {
    return GatewayConfig.builder().protocol("websocket").host("127.0.0.1");
  }

  private static GatewayServer start(GatewayConfig config, RecordingHandler flow) {
    GatewayServer server = new WebSocketTransportProvider().newGatewayServer(config, flow);
    server.start().orTimeout(30, TimeUnit.SECONDS).join();
    return server;
  }

  private static HttpResponse<String> send(GatewayServer server, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().port() + path))
        .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsAnswersTheFlowsScrapeInItsContentTypeAndIsCountedNowhere() throws Exception {
    RecordingHandler flow = new RecordingHandler().scrape(() -> SCRAPE);
    GatewayServer server = start(gateway().build(), flow);
    try {
      HttpResponse<String> r = send(server, "GET", "/metrics", null);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(SCRAPE, r.body());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
      RecordingGatewayMetrics m = flow.metrics;
      assertEquals(0, m.callsOpened.get() + m.received.get() + m.sent.get(), "a scrape is not a call: " + m);

      Map<?, ?> paths = (Map<?, ?>) ((Map<?, ?>) Json.parse(send(server, "GET", "/openapi.json", null).body())).get("paths");
      assertTrue(paths.containsKey("/metrics"), "the OpenAPI description lists it: " + paths.keySet());
      assertTrue(send(server, "GET", "/docs", null).body().contains("/openapi.json"), "the docs page shows the document");
      assertEquals(405, send(server, "POST", "/metrics", "{}").statusCode());
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void metricsIs404SayingSoWhenTheFlowKeepsNoScrape() throws Exception {
    GatewayServer server = start(gateway().build(), new RecordingHandler());
    try {
      HttpResponse<String> r = send(server, "GET", "/metrics", null);
      assertEquals(404, r.statusCode(), r.body());
      Map<?, ?> error = (Map<?, ?>) Json.parse(r.body());
      assertEquals("NOT_FOUND", error.get("code"));
      assertTrue(error.get("description").toString().startsWith("no metrics scrape is configured for this Flow"), r.body());
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void metricsNeedsACallerTheGatewaysAuthenticatorAdmitsWhateverItsRole() throws Exception {
    RecordingHandler flow = new RecordingHandler().scrape(() -> SCRAPE);
    GatewayServer server = start(gateway().authenticator(BearerTokens.builder().dataTokens(Secret.of(DATA))
        .adminTokens(Secret.of(ADMIN)).build()).build(), flow);
    try {
      HttpResponse<String> missing = send(server, "GET", "/metrics", null);
      assertEquals(401, missing.statusCode(), missing.body());
      assertEquals("Bearer realm=\"jflow\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
      assertEquals("UNAUTHENTICATED", ((Map<?, ?>) Json.parse(missing.body())).get("code"));
      assertEquals(401, send(server, "GET", "/metrics", null, "Authorization", "Bearer wrong-token-0123456789").statusCode());
      assertEquals(SCRAPE, send(server, "GET", "/metrics", null, "Authorization", "Bearer " + DATA).body());
      assertEquals(SCRAPE, send(server, "GET", "/metrics", null, "Authorization", "Bearer " + ADMIN).body());
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFloodOfScrapesRendersTheMetersAboutOnceASecond() throws Exception {
    AtomicInteger renders = new AtomicInteger();
    RecordingHandler flow = new RecordingHandler().scrape(() -> "jflow_renders " + renders.incrementAndGet() + "\n");
    GatewayServer server = start(gateway().build(), flow);
    try {
      long began = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertEquals(200, send(server, "GET", "/metrics", null).statusCode());
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
      assertTrue(renders.get() <= seconds + 1, renders + " renders for 20 scrapes in " + seconds + " s");
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFailingScrapeIs500WithoutItsExceptionText() throws Exception {
    RecordingHandler flow = new RecordingHandler().scrape(() -> {
      throw new IllegalStateException("registry at /var/secret/prometheus broke");
    });
    GatewayServer server = start(gateway().build(), flow);
    try {
      HttpResponse<String> r = send(server, "GET", "/metrics", null);
      assertEquals(500, r.statusCode(), r.body());
      assertEquals("INTERNAL", ((Map<?, ?>) Json.parse(r.body())).get("code"));
      assertFalse(r.body().contains("/var/secret") || r.body().contains("IllegalState"), r.body());
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void onlyTheAnswersOfJinaApiCallsAreCountedAsSentEachBodyWhole() throws Exception {
    RecordingHandler flow = new RecordingHandler().scrape(() -> SCRAPE);
    RecordingGatewayMetrics m = flow.metrics;
    GatewayServer server = start(gateway().option("websocket.cors", "https://app.example").build(), flow);
    try {
      assertEquals(200, send(server, "GET", "/docs", null).statusCode());
      assertEquals(200, send(server, "GET", "/openapi.json", null).statusCode());
      assertEquals(200, send(server, "GET", "/metrics", null).statusCode());
      assertEquals(204, send(server, "OPTIONS", "/index", null, "Origin", "https://app.example",
          "Access-Control-Request-Method", "POST").statusCode());
      assertEquals(404, send(server, "GET", "/nowhere", null).statusCode());
      assertEquals(405, send(server, "GET", "/index", null).statusCode());
      assertEquals(426, send(server, "GET", "/stream", null).statusCode());
      assertEquals(0, m.sent.get(), "no answer of an API call yet: " + m);

      HttpResponse<String> r = send(server, "POST", "/index", "{\"data\": [\"a\", \"b\", \"c\"], \"request_size\": 1}");
      assertEquals(200, r.statusCode(), r.body());
      // reported once written, which the client may see first
      await().atMost(Duration.ofSeconds(10)).untilAsserted(
          () -> assertEquals(1, m.sent.get(), "one answer holding the responses of its three requests: " + m));
      assertEquals(r.body().getBytes(StandardCharsets.UTF_8).length, m.sentBytes.get(), "its whole body: " + m);
      HttpResponse<String> bad = send(server, "POST", "/search", "{\"data\": 7}");
      assertEquals(400, bad.statusCode(), bad.body());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(
          () -> assertEquals(2, m.sent.get(), "an API call's error answer is its answer: " + m));
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anHttpCallsTraceparentIsItsRequestsParentAndItsAnswerAndConnectionAreCounted() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    RecordingGatewayMetrics m = flow.metrics;
    GatewayServer server = start(gateway().build(), flow);
    try {
      HttpResponse<String> r = send(server, "POST", "/index", "{\"data\": [\"a\", \"b\"], \"request_size\": 1}",
          "traceparent", PARENT, "tracestate", "rojo=1");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(2, flow.parents.size());
      flow.parents.values().forEach(p -> assertEquals(TraceContext.of(PARENT, "rojo=1"), p));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, m.sent.get(), "one answer: " + m));
      assertEquals(r.body().getBytes(StandardCharsets.UTF_8).length, m.sentBytes.get(), "its body: " + m);
      assertTrue(m.connectionsOpened.get() >= 1, m.toString());
      // a connection whose body was read is closed after the answer
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(m.connectionsOpened.get(), m.connectionsClosed.get(), m.toString()));
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWebSocketUpgradesTraceparentIsTheParentOfEveryRequestOfItsSocket() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    GatewayServer server = start(gateway().build(), flow);
    try (JdkSocket socket = JdkSocket.open(server.address().port(), Map.of("traceparent", PARENT), List.of())) {
      for (String id : List.of("s1", "s2")) {
        socket.sendBinary(ProtoCodec.encode(Request.builder(RequestType.INDEX).id(id).docs(List.of(Document.ofText("a"))).build())
            .toByteArray());
      }
      socket.sendEndMarker();
      assertEquals(CloseCodes.NORMAL, socket.closed().code());
      assertEquals(TraceContext.of(PARENT, null), flow.parents.get("s1"));
      assertEquals(TraceContext.of(PARENT, null), flow.parents.get("s2"));
      assertEquals(2, flow.metrics.sent.get(), flow.metrics.toString());
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aGatewayOfTheAutomaticProtocolReportsAsWebsocket() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    GatewayServer server = start(GatewayConfig.builder().host("127.0.0.1").build(), flow);
    try {
      assertEquals(200, send(server, "POST", "/index", "{\"data\": [\"a\"]}").statusCode());
      assertEquals(List.of("websocket"), flow.protocols.stream().distinct().toList(), "asked: " + flow.protocols);
      assertEquals(1, flow.metrics.answered(Status.Code.SUCCESS));
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }
}

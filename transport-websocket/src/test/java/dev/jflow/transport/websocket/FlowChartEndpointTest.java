package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Secret;
import dev.jflow.api.internal.Json;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.core.testing.RecordingHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /flow}: the Flow's Mermaid picture, for an admin only, since it shows the Flow's pods. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowChartEndpointTest {
  private static final String DATA = "chart-data-token-0123456789";
  private static final String ADMIN = "chart-admin-token-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(int port, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flow")).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Object field(HttpResponse<String> r, String name) {
    return ((Map<?, ?>) Json.parse(r.body())).get(name);
  }

  @Test
  void anAdminGetsTheFlowsPodsAsMermaidOthersAreRefused() throws Exception {
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1").add("encoder").add("indexer")
        .authenticator(BearerTokens.builder().dataTokens(Secret.of(DATA)).adminTokens(Secret.of(ADMIN)).build()).build().start()) {
      int port = f.async().gatewayAddress().port();
      HttpResponse<String> ok = get(port, ADMIN);
      assertEquals(200, ok.statusCode(), ok.body());
      assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      String chart = (String) field(ok, "mermaid");
      assertTrue(chart.startsWith("flowchart LR\n") && chart.contains("pod_encoder --> pod_indexer"), chart);
      HttpResponse<String> data = get(port, DATA);
      assertEquals(403, data.statusCode(), data.body());
      assertTrue(field(data, "description").toString().contains("needs an admin token"), data.body());
      HttpResponse<String> none = get(port, null);
      assertEquals(401, none.statusCode(), "this gateway wants a token: " + none.body());
      assertEquals(401, get(port, "wrong-token-0123456789").statusCode());
    }
  }

  @Test
  void anAnonymousCallerOfAGatewayWithoutTokensIsNoAdmin() throws Exception {
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1").add("encoder").build().start()) {
      HttpResponse<String> r = get(f.async().gatewayAddress().port(), null);
      assertEquals(403, r.statusCode(), r.body());
      assertEquals("PERMISSION_DENIED", field(r, "code"));
      assertTrue(field(r, "description").toString().contains("needs an admin token"), r.body());
    }
  }

  @Test
  void aHandlerThatDrawsNothingIs404() throws Exception {
    GatewayConfig config = GatewayConfig.builder().protocol("websocket").host("127.0.0.1")
        .authenticator(BearerTokens.builder().adminTokens(Secret.of(ADMIN)).build()).build();
    GatewayServer server = new WebSocketTransportProvider().newGatewayServer(config, new RecordingHandler());
    server.start().orTimeout(30, TimeUnit.SECONDS).join();
    try {
      HttpResponse<String> r = get(server.address().port(), ADMIN);
      assertEquals(404, r.statusCode(), r.body());
      assertEquals("NOT_FOUND", field(r, "code"));
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }
}

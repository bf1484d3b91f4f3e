package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.core.FlowYaml;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gateway options set in code or Flow YAML reach the websocket gateway a Flow serves on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayOptionsFlowTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** {@code GET /status} as a page of {@code origin} asks for it. */
  private static HttpResponse<String> status(Flow f, String origin) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.async().gatewayAddress().port() + "/status"))
        .header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String ADMIN = "options-admin-token-0123456789";

  /** The status as a page of {@code origin} asks for it with the admin token, which sees its details (the gateways among them). */
  private static HttpResponse<String> adminStatus(Flow f, String origin) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.async().gatewayAddress().port() + "/status"))
        .header("Origin", origin).header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The origin the Flow's gateway allows a page of {@code origin}: that origin, or "(none)". */
  private static String allowedOrigin(FlowSpec spec, String origin) throws Exception {
    try (Flow f = Flow.blocking(dev.jflow.api.AsyncFlow.of(spec)).start()) {
      return status(f, origin).headers().firstValue("Access-Control-Allow-Origin").orElse("(none)");
    }
  }

  @Test
  void anOptionSetInCodeReachesTheGateway() throws Exception {
    try (Flow f = Flow.builder().gateway(GatewayConfig.builder().protocol("websocket").host("127.0.0.1")
        .option(WebSocketOptions.CORS, "https://code.example")
        .authenticator(dev.jflow.api.spi.BearerTokens.builder().adminTokens(dev.jflow.api.Secret.of(ADMIN)).build()).build())
        .add("p", "_pass").build().start()) {
      HttpResponse<String> r = adminStatus(f, "https://code.example");
      assertEquals("https://code.example", r.headers().firstValue("Access-Control-Allow-Origin").orElse("(none)"));
      assertTrue(r.body().contains("\"gateways\":[{") && r.body().contains("\"protocol\":\"websocket\""),
          "the Flow's status lists its gateways: " + r.body());
    }
  }

  @Test
  void anOptionInFlowYamlReachesTheGatewayAndSurvivesADump() throws Exception {
    FlowSpec spec = FlowYaml.parse(String.join("\n",
        "jtype: Flow",
        "with: {protocol: websocket, host: 127.0.0.1}",
        "gateway:",
        "  websocket:",
        "    cors: https://yaml.example",
        "    max_queued_bytes: 1MiB",
        "pods:",
        "  - name: p"), "flow.yml", null);
    assertEquals("https://yaml.example", allowedOrigin(spec, "https://yaml.example"));
    FlowSpec again = FlowYaml.parse(FlowYaml.dump(spec), "dumped.yml", null);
    assertEquals(spec, again);
    assertEquals("https://yaml.example", allowedOrigin(again, "https://yaml.example"));
  }

  @Test
  void aFlowWithAnUnknownOptionOrABadValueIsNotMade() {
    FlowException unknown = assertThrows(FlowException.class, () -> Flow.builder().gateway(GatewayConfig.builder().protocol("websocket")
        .option("websocket.core", "*").build()).add("p", "_pass").build());
    assertEquals(Status.Code.INVALID_ARGUMENT, unknown.code());
    assertTrue(unknown.getMessage().contains("unknown gateway option 'websocket.core'; the websocket transport knows [websocket.body_read_timeout,"
        + " websocket.cors,"), unknown.getMessage());
    FlowException bad = assertThrows(FlowException.class, () -> Flow.builder().gateway(GatewayConfig.builder().protocol("websocket")
        .option("websocket.worker_threads", "many").build()).add("p", "_pass").build());
    assertTrue(bad.getMessage().contains("gateway option websocket.worker_threads must be a whole number of at least 1, got 'many'"),
        bad.getMessage());
    FlowException notServed = assertThrows(FlowException.class, () -> Flow.builder().gateway(GatewayConfig.builder().protocol("inprocess")
        .option("websocket.cors", "*").build()).add("p", "_pass").build());
    assertTrue(notServed.getMessage().contains("gateway option 'websocket.cors' is for no gateway of this Flow; options are named after"
        + " a protocol it serves: [inprocess]"), notServed.getMessage());
  }
}

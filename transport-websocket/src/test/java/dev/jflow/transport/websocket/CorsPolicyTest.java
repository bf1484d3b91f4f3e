package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.testing.EchoHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code websocket.cors} allow-list: how it is written, which origins it allows and what it answers. */
class CorsPolicyTest {

  @Test
  void emptyAllowsNoOriginAndAnswersNoHeaders() {
    CorsPolicy none = CorsPolicy.parse("");
    assertFalse(none.allows("https://app.example"));
    assertEquals(Map.of(), none.headers("https://app.example", true));
    assertEquals(Map.of(), none.headers(null, false));
    assertTrue(none.allowsSocket(null), "a client that is not a browser sends no Origin");
    assertFalse(none.allowsSocket("http://127.0.0.1:45678"));
    assertEquals("", WebSocketOptions.CORS.defaultValue(), "no CORS by default");
  }

  @Test
  void originsAreComparedAsBrowsersSendThem() {
    CorsPolicy p = CorsPolicy.parse(" HTTPS://App.Example/ , http://localhost:3000,https://b.example:443 ");
    assertTrue(p.allows("https://app.example"));
    assertTrue(p.allows("http://localhost:3000"));
    assertTrue(p.allows("https://b.example"), "443 is https's own port");
    assertFalse(p.allows("http://app.example"), "another scheme is another origin");
    assertFalse(p.allows("http://localhost:3001"));
    assertFalse(p.allows("https://app.example.evil.example"));
    assertFalse(p.allows("null"), "sandboxed pages and files send the origin null");
    assertFalse(p.allows(null));
  }

  @Test
  void headersGoToAllowedOriginsOnlyAndNeverReflectWhatWasAsked() {
    CorsPolicy p = CorsPolicy.parse("https://app.example");
    assertEquals(Map.of("Vary", "Origin", "Access-Control-Allow-Origin", "https://app.example"), p.headers("https://app.example", false));
    assertEquals(Map.of("Vary", "Origin"), p.headers("http://evil.example", true));
    assertEquals(Map.of("Vary", "Origin"), p.headers(null, false));
    Map<String, String> preflight = p.headers("https://app.example", true);
    assertEquals("Content-Type, Authorization", preflight.get("Access-Control-Allow-Headers"));
    assertEquals("GET, POST, PUT, DELETE, OPTIONS", preflight.get("Access-Control-Allow-Methods"));
    CorsPolicy any = CorsPolicy.parse("*");
    assertEquals("*", any.headers("http://evil.example", false).get("Access-Control-Allow-Origin"));
    assertFalse(any.headers("http://evil.example", false).containsKey("Vary"), "the answer does not depend on the origin");
    assertTrue(any.allowsSocket("http://evil.example"));
  }

  @Test
  void aValueThatIsNotAListOfOriginsIsRefusedNamingTheForm() {
    for (String bad : new String[] {"app.example", "https://app.example/path", "*, https://app.example", "https://a.example,,https://b.example",
        "https://app.example:99999"}) {
      assertFalse(CorsPolicy.isValid(bad), bad);
    }
    FlowException e = assertThrows(FlowException.class, () -> new WebSocketTransportProvider().newGatewayServer(
        GatewayConfig.builder().option("websocket.cors", "app.example").build(), new EchoHandler()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("gateway option websocket.cors must be empty (no browser origin), * (every origin) or a"
        + " comma-separated list of origins scheme://host[:port] (https://app.example,http://localhost:3000), got 'app.example'"),
        e.getMessage());
  }
}

package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.internal.Json;
import dev.jflow.core.testing.TestExecutors;
import dev.jflow.proto.ProtoCodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a web page on another site can do to the restful gateway, over real sockets: a request a
 * browser sends without asking first (a form, a {@code text/plain} body) is refused unread with 415;
 * CORS headers go only to allowed origins, with a fixed list of headers; a WebSocket opened by a page
 * of a foreign origin is refused with 403, while clients that are not browsers connect as before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserAccessTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String EVIL = "http://evil.example";
  private static final String QUERY = "{\"data\": [{\"id\": \"q\", \"embedding\": {\"dense\": {\"buffer\": \"AACAPwAAgD8AAIA/AACAPw==\","
      + " \"shape\": [4], \"dtype\": \"<f4\"}}}], \"top_k\": 10}";
  private static final String DOCS = "{\"data\": ["
      + "{\"id\": \"a\", \"embedding\": {\"dense\": {\"buffer\": \"AACAPwAAgD8AAIA/AACAPw==\", \"shape\": [4], \"dtype\": \"<f4\"}}},"
      + "{\"id\": \"b\", \"embedding\": {\"dense\": {\"buffer\": \"AAAAQAAAAEAAAABAAAAAQA==\", \"shape\": [4], \"dtype\": \"<f4\"}}},"
      + "{\"id\": \"c\", \"embedding\": {\"dense\": {\"buffer\": \"AABAQAAAQEAAAEBAAABAQA==\", \"shape\": [4], \"dtype\": \"<f4\"}}}]}";

  private static final String ADMIN = "browser-admin-token-0123456789";

  private static Flow serve(GatewayConfig.Builder gateway) {
    return Flow.builder().gateway(gateway.protocol("websocket").host("127.0.0.1").build())
        .add("indexer", TestExecutors.MemoryIndexer::new).build().start();
  }

  private static String base(Flow f) {
    return "http://127.0.0.1:" + f.async().gatewayAddress().port();
  }

  /** A call with the given headers (name, value, ...); a body is sent as given. */
  private static HttpResponse<String> call(Flow f, String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(f) + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** How many matches the query [1, 1, 1, 1] finds, asked as a Jina client asks. */
  @SuppressWarnings("unchecked")
  private static int matches(Flow f) throws Exception {
    HttpResponse<String> r = call(f, "POST", "/search", QUERY, "Content-Type", "application/json");
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Object> search = (Map<String, Object>) ((List<Map<String, Object>>) Json.parse(r.body())).get(0).get("search");
    Map<String, Object> query = ((List<Map<String, Object>>) search.get("docs")).get(0);
    Object m = query.get("matches");
    return m == null ? 0 : ((List<?>) m).size();
  }

  @SuppressWarnings("unchecked")
  private static void assertRefused(HttpResponse<String> r, int status, String code, String says) {
    assertEquals(status, r.statusCode(), r.body());
    Map<String, Object> body = (Map<String, Object>) Json.parse(r.body());
    assertEquals(code, body.get("code"));
    assertTrue(((String) body.get("description")).contains(says), (String) body.get("description"));
  }

  @Test
  void aCrossSiteTextPlainReloadOrDeleteIsRefusedUnreadAndTheIndexKeepsItsMatches() throws Exception {
    // the operator allows control with an admin token: the page's requests are refused for their type, before any token matters
    try (Flow f = serve(GatewayConfig.builder().authenticator(dev.jflow.api.spi.BearerTokens.builder()
        .adminTokens(dev.jflow.api.Secret.of(ADMIN)).build()))) {
      assertEquals(200, call(f, "POST", "/index", DOCS, "Content-Type", "application/json; charset=utf-8").statusCode(),
          "JSON with a charset is JSON");
      assertEquals(3, matches(f));

      HttpResponse<String> reload = call(f, "POST", "/reload", "{}", "Origin", EVIL, "Content-Type", "text/plain");
      assertRefused(reload, 415, "UNSUPPORTED_MEDIA_TYPE", "POST /reload takes a JSON body sent with Content-Type: application/json,"
          + " got 'text/plain'");
      assertTrue(reload.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), reload.headers().map().toString());
      assertRefused(call(f, "DELETE", "/delete", "{\"data\": [\"a\", \"b\", \"c\"]}", "Origin", EVIL, "Content-Type", "text/plain;charset=UTF-8"),
          415, "UNSUPPORTED_MEDIA_TYPE", "application/json");
      assertRefused(call(f, "POST", "/index", "data=x", "Origin", EVIL, "Content-Type", "application/x-www-form-urlencoded"),
          415, "UNSUPPORTED_MEDIA_TYPE", "application/json");
      assertRefused(call(f, "PUT", "/update", DOCS, "Origin", EVIL, "Content-Type", "multipart/form-data; boundary=x"),
          415, "UNSUPPORTED_MEDIA_TYPE", "application/json");
      assertRefused(call(f, "POST", "/reload", null, "Origin", EVIL), 415, "UNSUPPORTED_MEDIA_TYPE", "got no Content-Type");
      assertEquals(3, matches(f), "nothing the page sent reached the Flow");

      assertEquals(200, call(f, "POST", "/reload", "{}", "Content-Type", "application/json", "Authorization", "Bearer " + ADMIN)
          .statusCode());
      assertEquals(0, matches(f), "the same reload sent as JSON does empty the index: the refusals above were what kept it");
    }
  }

  @Test
  void noCorsHeadersByDefaultAndOnlyAllowedOriginsGetThemWithAFixedListOfHeaders() throws Exception {
    try (Flow closed = serve(GatewayConfig.builder());
        Flow listed = serve(GatewayConfig.builder().option(WebSocketOptions.CORS, "https://app.example, http://localhost:3000"))) {
      HttpResponse<String> none = call(closed, "GET", "/status", null, "Origin", "https://app.example");
      assertEquals(200, none.statusCode());
      assertTrue(none.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("access-control-")),
          none.headers().map().toString());
      HttpResponse<String> closedPreflight = call(closed, "OPTIONS", "/index", null, "Origin", "https://app.example",
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
      assertRefused(closedPreflight, 403, "FORBIDDEN", "websocket.cors");

      HttpResponse<String> app = call(listed, "GET", "/status", null, "Origin", "https://app.example");
      assertEquals("https://app.example", app.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertEquals("Origin", app.headers().firstValue("Vary").orElse(""));
      assertEquals("http://localhost:3000", call(listed, "GET", "/status", null, "Origin", "http://localhost:3000").headers()
          .firstValue("Access-Control-Allow-Origin").orElse(""));
      HttpResponse<String> evil = call(listed, "GET", "/status", null, "Origin", EVIL);
      assertEquals(200, evil.statusCode());
      assertTrue(evil.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), evil.headers().map().toString());

      HttpResponse<String> preflight = call(listed, "OPTIONS", "/index", null, "Origin", "https://app.example",
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, x-evil-header");
      assertEquals(204, preflight.statusCode(), preflight.body());
      assertEquals("https://app.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertEquals("Content-Type, Authorization", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""),
          "a fixed list, never what was asked for");
      assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
      HttpResponse<String> evilPreflight = call(listed, "OPTIONS", "/index", null, "Origin", EVIL,
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
      assertRefused(evilPreflight, 403, "FORBIDDEN", "origin " + EVIL);
      assertTrue(evilPreflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
      assertEquals(204, call(listed, "OPTIONS", "/index", null).statusCode(), "OPTIONS without an origin is no preflight");
    }
  }

  @Test
  void aWebSocketFromAForeignOriginIsRefusedWith403AndOneWithoutAnOriginOpens() throws Exception {
    try (Flow closed = serve(GatewayConfig.builder());
        Flow listed = serve(GatewayConfig.builder().option(WebSocketOptions.CORS, "https://app.example"));
        Flow open = serve(GatewayConfig.builder().option(WebSocketOptions.CORS, "*"))) {
      int port = closed.async().gatewayAddress().port();
      assertTrue(handshake(port, EVIL).startsWith("HTTP/1.1 403"), handshake(port, EVIL));
      assertTrue(handshake(port, "https://app.example").startsWith("HTTP/1.1 403"), "no origin is allowed by default");
      assertTrue(handshake(port, null).startsWith("HTTP/1.1 101"), "a client that is not a browser sends no Origin");
      int listedPort = listed.async().gatewayAddress().port();
      assertTrue(handshake(listedPort, "https://app.example").startsWith("HTTP/1.1 101"));
      assertTrue(handshake(listedPort, EVIL).startsWith("HTTP/1.1 403"));
      assertTrue(handshake(open.async().gatewayAddress().port(), EVIL).startsWith("HTTP/1.1 101"), "* allows every origin");

      try (JdkSocket jdk = JdkSocket.open(port, "")) { // the JDK's client sends no Origin
        jdk.sendBinary(ProtoCodec.encode(Request.builder(RequestType.INDEX).docs(List.of(Document.withId("y"))).build()).toByteArray());
        assertTrue(jdk.next().binary() != null, "the JDK's WebSocket client is answered");
      }
      try (Client ours = Client.connect("websocket", "127.0.0.1", port)) {
        assertEquals(1, ours.index(List.of(Document.withId("x").text("hello"))).get(10, TimeUnit.SECONDS).size(),
            "JFlow's own client (Tyrus, with its Origin header removed) still connects");
      }
    }
  }

  @Test
  void aTopKOverMaxTopKIsRefusedOverHttpAsParameterAndAsQueryset() throws Exception {
    try (Flow f = serve(GatewayConfig.builder().maxTopK(2))) {
      call(f, "POST", "/index", DOCS, "Content-Type", "application/json");
      assertRefused(call(f, "POST", "/search", QUERY, "Content-Type", "application/json"), 400, "INVALID_ARGUMENT",
          "top_k=10, over this gateway's maxTopK=2");
      String queryset = QUERY.replace("\"top_k\": 10", "\"queryset\": [{\"name\": \"VectorSearchDriver\", \"priority\": 1,"
          + " \"parameters\": {\"top_k\": 10}}]");
      assertRefused(call(f, "POST", "/search", queryset, "Content-Type", "application/json"), 400, "INVALID_ARGUMENT", "maxTopK=2");
      HttpResponse<String> two = call(f, "POST", "/search", QUERY.replace("\"top_k\": 10", "\"top_k\": 2"),
          "Content-Type", "application/json");
      assertEquals(200, two.statusCode(), two.body());
    }
  }

  /** The status line and headers a WebSocket handshake to {@code /stream} with {@code origin} (null: none) gets. */
  private static String handshake(int port, String origin) throws Exception {
    try (Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      return head.toString();
    }
  }
}

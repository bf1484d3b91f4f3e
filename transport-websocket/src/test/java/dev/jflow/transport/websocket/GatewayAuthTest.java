package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.proto.ProtoCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the restful gateway's HTTP and WebSocket sides tell callers the admission refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayAuthTest {
  private static final String DATA = "websocket-data-token-0123456789";
  private static final String ADMIN = "websocket-admin-token-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Flow withTokens() {
    return Flow.builder().restful(true).host("127.0.0.1").add("worker")
        .authenticator(BearerTokens.builder().dataTokens(Secret.of(DATA)).adminTokens(Secret.of(ADMIN)).build()).build().start();
  }

  private static HttpResponse<String> get(Flow f, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.async().gatewayAddress().port() + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(Flow f, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.async().gatewayAddress().port() + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpAnswers401WithWwwAuthenticateAnd403WithAJsonErrorAndStatusShowsPodsOnlyToAnAdmin() throws Exception {
    try (Flow f = withTokens()) {
      HttpResponse<String> missing = post(f, "/index", "{\"data\": [\"a\"]}", null);
      assertEquals(401, missing.statusCode(), missing.body());
      assertEquals("Bearer realm=\"jflow\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
      Map<?, ?> error = (Map<?, ?>) Json.parse(missing.body());
      assertEquals("UNAUTHENTICATED", error.get("code"));
      assertEquals(401, get(f, "/status", "wrong-token-0123456789").statusCode());

      HttpResponse<String> denied = post(f, "/reload", "{}", DATA);
      assertEquals(403, denied.statusCode(), denied.body());
      assertEquals("PERMISSION_DENIED", ((Map<?, ?>) Json.parse(denied.body())).get("code"));
      assertTrue(denied.headers().firstValue("WWW-Authenticate").isEmpty(), "only a 401 asks for credentials");

      Map<?, ?> summary = (Map<?, ?>) ((Map<?, ?>) Json.parse(get(f, "/status", DATA).body())).get("flow");
      assertEquals(List.of(), summary.get("pods"), "a data token sees readiness, not pods: " + summary);
      Map<?, ?> full = (Map<?, ?>) ((Map<?, ?>) Json.parse(get(f, "/status", ADMIN).body())).get("flow");
      assertTrue(full.get("pods").toString().contains("worker"), full.toString());
      assertEquals(200, post(f, "/reload", "{}", ADMIN).statusCode());
    }
  }

  @Test
  void byDefaultHttpReloadIsRefusedSayingHowToEnableItAndDataIsOpen() throws Exception {
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1").add("worker").build().start()) {
      HttpResponse<String> r = post(f, "/reload", "{}", null);
      assertEquals(403, r.statusCode(), r.body());
      assertTrue(r.body().contains("needs an admin token") && r.body().contains("JFLOW_ADMIN_TOKENS"), r.body());
      assertEquals(200, post(f, "/index", "{\"data\": [\"a\"]}", null).statusCode());
      assertEquals(200, get(f, "/status", null).statusCode());
    }
  }

  /** Sends one index request on a socket with {@code headers} and {@code query}; returns how the gateway closed it. */
  private static FlowException index(Flow f, Map<String, String> headers, String query) throws Exception {
    int port = f.async().gatewayAddress().port();
    try (JdkSocket socket = query.isEmpty() ? JdkSocket.open(port, headers, List.of()) : JdkSocket.open(port, query)) {
      socket.sendIfOpen(ProtoCodec.encode(Request.of(RequestType.INDEX, List.of(Document.ofText("a")))).toByteArray());
      socket.sendEndMarker();
      JdkSocket.Closed closed = socket.closed();
      return CloseCodes.toFlow(closed.code(), closed.reason(), "gateway");
    }
  }

  @Test
  void aRefusedSocketClosesWith4016AndATokenInTheQueryStringIsNotAccepted() throws Exception {
    try (Flow f = withTokens()) {
      FlowException missing = index(f, Map.of(), "");
      assertEquals(Status.Code.UNAUTHENTICATED, missing.code());
      assertEquals(Status.Code.UNAUTHENTICATED, index(f, Map.of(), "?token=" + DATA).code(), "URLs end up in logs");
      assertEquals(Status.Code.UNAUTHENTICATED, index(f, Map.of(), "?access_token=" + DATA).code());
      assertEquals(null, index(f, Map.of("Authorization", "Bearer " + DATA), ""));
    }
  }

  @Test
  void concurrentUpgradesNeverSeeEachOthersCredentials() throws Exception {
    try (Flow f = withTokens()) {
      List<CompletableFuture<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        boolean withToken = i % 2 == 0;
        outcomes.add(CompletableFuture.supplyAsync(() -> {
          try {
            FlowException e = index(f, withToken ? Map.of("Authorization", "Bearer " + DATA) : Map.of(), "");
            boolean ok = withToken ? e == null : e != null && e.code() == Status.Code.UNAUTHENTICATED;
            return ok ? "" : (withToken ? "a socket with a token" : "a socket without one") + " got " + e;
          } catch (Exception x) {
            return x.toString();
          }
        }));
      }
      List<String> wrong = new ArrayList<>();
      for (CompletableFuture<String> o : outcomes) {
        String w = o.get(30, TimeUnit.SECONDS);
        if (!w.isEmpty()) {
          wrong.add(w);
        }
      }
      assertEquals(List.of(), wrong);
    }
  }

  @Test
  void closeCodesCarryBothRefusalsBothWays() {
    assertEquals(4016, CloseCodes.forStatus(Status.Code.UNAUTHENTICATED));
    assertEquals(4007, CloseCodes.forStatus(Status.Code.PERMISSION_DENIED));
    assertEquals(Status.Code.UNAUTHENTICATED, CloseCodes.toFlow(4016, "who?", "g").code());
    assertEquals(Status.Code.PERMISSION_DENIED, CloseCodes.toFlow(4007, "no", "g").code());
    assertEquals(401, HttpReplies.httpStatus(Status.Code.UNAUTHENTICATED));
    assertEquals(403, HttpReplies.httpStatus(Status.Code.PERMISSION_DENIED));
    assertFalse(UpgradeCredentials.from(Map.of("sec-websocket-protocol", List.of("jflow, bearer." + DATA))).bearerToken().isEmpty());
    assertEquals(DATA, UpgradeCredentials.from(Map.of("AUTHORIZATION", List.of("Bearer " + DATA))).bearerToken().orElseThrow());
  }
}

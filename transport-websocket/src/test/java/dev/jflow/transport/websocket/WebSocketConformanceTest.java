package dev.jflow.transport.websocket;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.core.testing.TransportConformanceSuite;
import dev.jflow.proto.ProtoCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The transport contract, kept by the websocket transport over real sockets on 127.0.0.1. */
class WebSocketConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "websocket";
  }

  /**
   * Clients outside JFlow: an HTTP client with an {@code Authorization} header, a WebSocket client with
   * the header on its upgrade, and a browser, which offers the subprotocol {@code bearer.<token>}.
   */
  @Override
  public Map<String, ForeignCaller> foreignCallers() {
    return Map.of(
        "an HTTP client sending Authorization", WebSocketConformanceTest::overHttp,
        "a WebSocket client sending Authorization on its upgrade",
            (gateway, token, control) -> overSocket(gateway, token, control, false),
        "a browser offering the bearer subprotocol", (gateway, token, control) -> overSocket(gateway, token, control, true));
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Status.Code overHttp(GatewayAddress gateway, String token, boolean control) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + (control ? "/reload" : "/index")))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(control ? "{}" : "{\"data\": [\"a\"]}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    switch (r.statusCode()) {
      case 200: return Status.Code.SUCCESS;
      case 401:
        return r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer") ? Status.Code.UNAUTHENTICATED
            : Status.Code.INTERNAL; // a 401 must say which scheme it wants
      case 403: return Status.Code.PERMISSION_DENIED;
      default: return Status.Code.INTERNAL;
    }
  }

  private static Status.Code overSocket(GatewayAddress gateway, String token, boolean control, boolean browser) throws Exception {
    Map<String, String> headers = token == null || browser ? Map.of() : Map.of("Authorization", "Bearer " + token);
    List<String> subprotocols = browser ? (token == null ? List.of("jflow") : List.of("jflow", "bearer." + token)) : List.of();
    try (JdkSocket socket = JdkSocket.open(gateway.port(), headers, subprotocols)) {
      if (browser && !socket.subprotocol().equals("jflow")) {
        return Status.Code.INTERNAL; // the gateway selects "jflow", never echoing the token
      }
      Request r = control ? Request.builder(RequestType.CONTROL).parameters(Map.of("command", "RELOAD")).build()
          : Request.of(RequestType.INDEX, List.of(Document.ofText("a")));
      socket.sendIfOpen(ProtoCodec.encode(r).toByteArray());
      socket.sendEndMarker();
      JdkSocket.Closed closed = socket.closed();
      FlowException e = CloseCodes.toFlow(closed.code(), closed.reason(), gateway.toString());
      return e == null ? Status.Code.SUCCESS : e.code();
    }
  }

  /** Sends a binary frame that is not a RequestProto with the JDK's WebSocket client; reports the close as a FlowException. */
  @Override
  protected FlowException sendMalformed(GatewayAddress gateway) throws Exception {
    try (JdkSocket socket = JdkSocket.open(gateway.port(), "")) {
      socket.sendBinary(new byte[] {0x0A, (byte) 0xFF, 0x01});
      JdkSocket.Closed closed = socket.closed();
      return CloseCodes.toFlow(closed.code(), closed.reason(), gateway.toString());
    }
  }
}

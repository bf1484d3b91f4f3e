package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.api.testing.TextMutations;
import dev.jflow.core.Flows;
import dev.jflow.core.TransportRegistry;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import dev.jflow.proto.jina.RequestProto;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes {@code /stream} over real sockets: one gateway (a websocket Flow with one pass-through pod)
 * gets, on a fresh socket per try, a random sequence of frames (random bytes, mutated RequestProto
 * bytes and JSON, invalid UTF-8, the 0x00 end marker anywhere, deadline pongs with odd payloads, pings,
 * oversized and protocol-violating frames), always ending with the end marker. Each socket must then
 * be answered and closed within a bounded time with a documented close code: 1000, 1002, 1003, 1007,
 * 1008, 1009, 1011 only for Tyrus's "Buffer overflow", or 4000 + a gRPC status number. The gateway
 * keeps serving normal requests and leaves no socket open. Random and mutated HTTP bodies on the CRUD
 * routes are answered with 200, 400, 413 or 429, never a 500 or nothing.
 */
class StreamFrameFuzzTest {
  private static final int MAX_MESSAGE_SIZE = 16 * 1024;
  private static final int CLOSE_WITHIN_MS = 5_000;
  private static final String JSON_TOKENS = "{}[]:,\"\\ 0123456789.eE-+truefalsnl_idtexdocsdatarequest\u00e9\u0000";

  private static final Logger JFLOW_LOGS = Logger.getLogger("dev.jflow"); // held: JUL keeps loggers weakly
  private static final List<String> SEVERE = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final Handler SEVERE_LOGS = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
        SEVERE.add(record.getLoggerName() + ": " + record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static WebSocketGatewayServer gateway;
  private static AsyncFlow flow;
  private static int port;
  private static int tries;

  @BeforeContainer
  static void start() {
    JFLOW_LOGS.addHandler(SEVERE_LOGS);
    Recording provider = new Recording(new WebSocketTransportProvider());
    TransportRegistry registry = TransportRegistry.builder().discover(false).register(provider).build();
    flow = Flows.create(Flow.builder().protocol("websocket").host("127.0.0.1").maxMessageSize(MAX_MESSAGE_SIZE)
        .add("pass", "_pass").spec(), registry);
    flow.start().orTimeout(30, TimeUnit.SECONDS).join();
    gateway = provider.server;
    port = flow.gatewayAddress().port();
  }

  @AfterContainer
  static void stop() {
    JFLOW_LOGS.removeHandler(SEVERE_LOGS);
    if (flow != null) {
      flow.close();
    }
  }

  @Property(tries = 200)
  void everySocketIsAnsweredOrClosedWithADocumentedCode(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    List<String> sent = new ArrayList<>();
    try (RawSocket socket = new RawSocket(port, 64 * 1024)) {
      socket.readTimeout(CLOSE_WITHIN_MS);
      int frames = r.nextInt(8);
      try {
        for (int i = 0; i < frames; i++) {
          sendRandomFrame(r, socket, sent);
        }
        sent.add("end marker");
        socket.sendBinary(new byte[] {0});
      } catch (IOException closedWhileSending) {
        sent.add("(sending failed: " + closedWhileSending + ")");
      }
      expectAnswersThenADocumentedClose(socket, sent);
    }
    if (++tries % 20 == 0) {
      aNormalRequestIsAnswered("check-" + tries);
    }
  }

  @Property(tries = 100)
  void httpBodiesAreAnsweredWithSuccessOrAClientError(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    String[][] routes = {{"/index", "POST"}, {"/search", "POST"}, {"/update", "PUT"}, {"/delete", "DELETE"}};
    String[] route = routes[r.nextInt(routes.length)];
    byte[] body;
    if (r.nextInt(4) == 0) {
      body = randomBytes(r, r.nextInt(100));
    } else {
      String valid = "{\"data\": [\"text\", {\"id\": \"a\", \"text\": \"t\", \"tags\": {\"k\": [1, null]}}], "
          + "\"request_size\": " + (1 + r.nextInt(3)) + ", \"parameters\": {\"top_k\": 3}, \"ids\": [\"a\"]}";
      body = mutate(r, valid).getBytes(StandardCharsets.UTF_8);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + route[0]))
        .timeout(Duration.ofSeconds(CLOSE_WITHIN_MS / 1000)).header("Content-Type", "application/json")
        .method(route[1], HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      fail("no answer within " + CLOSE_WITHIN_MS + " ms to " + route[1] + " " + route[0] + " " + hex(body));
      return;
    }
    assertTrue(List.of(200, 400, 413, 429).contains(response.statusCode()),
        response.statusCode() + " " + response.body() + " for " + route[1] + " " + route[0] + " " + new String(body, StandardCharsets.UTF_8));
  }

  @Example // found by the fuzzer: Duration.toNanos overflowed and the socket closed with 1011
  void aDeadlineTooLongForTheClockIsCappedNotAnError() throws Exception {
    try (RawSocket socket = new RawSocket(port, 64 * 1024)) {
      socket.sendFrame(0x8A, (StreamSession.DEADLINE_PONG + Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII));
      socket.sendBinary(validRequest(new Random(1)).toByteArray());
      socket.sendBinary(new byte[] {0});
      assertEquals(0x2, socket.read().opcode(), "the request is answered");
      assertEquals(1000, socket.read().closeCode());
    }
    try (JdkSocket socket = JdkSocket.open(port, "?timeout_ms=" + Long.MAX_VALUE)) {
      socket.sendBinary(validRequest(new Random(1)).toByteArray());
      socket.sendBinary(new byte[] {0});
      assertNotNull(socket.next(), "the request is answered");
      assertEquals(1000, socket.closed().code());
    }
  }

  @AfterProperty
  void theGatewayStillAnswersAndNoSocketIsLeftOpen() throws Exception {
    aNormalRequestIsAnswered("after");
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.openSockets() == 0);
    assertEquals(List.of(), SEVERE, "bad input is the client's problem, not a severe error of the gateway");
  }

  private static void sendRandomFrame(Random r, RawSocket socket, List<String> sent) throws IOException {
    switch (r.nextInt(12)) {
      case 0: {
        byte[] b = randomBytes(r, r.nextInt(64));
        sent.add("binary random " + hex(b));
        socket.sendBinary(b);
        break;
      }
      case 1: case 2: {
        byte[] b = mutate(r, validRequest(r).toByteArray());
        sent.add("binary mutated request " + hex(b));
        socket.sendBinary(b);
        break;
      }
      case 3: {
        sent.add("binary valid request");
        socket.sendBinary(validRequest(r).toByteArray());
        break;
      }
      case 4: case 5: {
        String json = mutate(r, ProtoJson.print(validRequest(r)));
        sent.add("text mutated JSON " + json);
        socket.sendFrame(0x81, json.getBytes(StandardCharsets.UTF_8));
        break;
      }
      case 6: {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(80); i > 0; i--) {
          b.append(JSON_TOKENS.charAt(r.nextInt(JSON_TOKENS.length())));
        }
        sent.add("text random " + b);
        socket.sendFrame(0x81, b.toString().getBytes(StandardCharsets.UTF_8));
        break;
      }
      case 7: {
        byte[] b = randomBytes(r, 1 + r.nextInt(32));
        sent.add("text of random bytes (likely invalid UTF-8) " + hex(b));
        socket.sendFrame(0x81, b);
        break;
      }
      case 8: {
        sent.add("end marker");
        socket.sendBinary(new byte[] {0});
        break;
      }
      case 9: {
        String[] values = {"0", "1", "-5", "250", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
            "abc", "", " 5", "1e3", "0x10", "\u00e9"};
        String payload = r.nextInt(5) == 0 ? new String(randomBytes(r, r.nextInt(20)), StandardCharsets.ISO_8859_1)
            : (r.nextBoolean() ? StreamSession.DEADLINE_PONG : "") + values[r.nextInt(values.length)];
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        sent.add("pong " + hex(b));
        socket.sendFrame(0x8A, b);
        break;
      }
      case 10: {
        String deep = "{\"request_id\":\"deep\",\"index\":{\"docs\":[{\"tags\":" + "{\"a\":".repeat(1 + r.nextInt(2_000));
        sent.add("text deeply nested JSON, " + deep.length() + " chars");
        socket.sendFrame(0x81, deep.getBytes(StandardCharsets.UTF_8));
        break;
      }
      default: {
        int kind = r.nextInt(5);
        if (kind == 0) {
          sent.add("binary frame over maxMessageSize");
          socket.sendBinary(randomBytes(r, MAX_MESSAGE_SIZE + 1 + r.nextInt(MAX_MESSAGE_SIZE)));
        } else if (kind == 1) {
          sent.add("ping");
          socket.sendFrame(0x89, randomBytes(r, r.nextInt(20)));
        } else if (kind == 2) {
          int head = 0x80 | (3 + r.nextInt(5)); // reserved opcodes 3-7
          sent.add("frame with reserved opcode " + Integer.toHexString(head));
          socket.sendFrame(head, randomBytes(r, r.nextInt(10)));
        } else if (kind == 3) {
          sent.add("continuation frame without a first fragment");
          socket.sendFrame(0x80, randomBytes(r, r.nextInt(10)));
        } else {
          sent.add("pong over 125 bytes");
          socket.sendFrame(0x8A, randomBytes(r, 126 + r.nextInt(50)));
        }
      }
    }
  }

  private static void expectAnswersThenADocumentedClose(RawSocket socket, List<String> sent) throws IOException {
    while (true) {
      RawSocket.Frame f;
      try {
        f = socket.read();
      } catch (SocketTimeoutException e) {
        fail("no close within " + CLOSE_WITHIN_MS + " ms after " + sent);
        return;
      } catch (EOFException e) {
        fail("the gateway dropped the connection without a close frame after " + sent);
        return;
      }
      switch (f.opcode()) {
        case 0x2:
          RequestProto.parseFrom(f.payload()); // an answer is a RequestProto
          break;
        case 0x1:
          ProtoJson.parse(new String(f.payload(), StandardCharsets.UTF_8));
          break;
        case 0xA: // the answer to our ping
          break;
        case 0x8: {
          int code = f.payload().length < 2 ? 1005 : f.closeCode();
          String reason = f.payload().length < 2 ? "" : f.closeReason();
          assertTrue(documented(code, reason), "close " + code + " '" + reason + "' is not a documented close, after " + sent);
          return;
        }
        default:
          fail("unexpected frame opcode " + f.opcode() + " after " + sent);
      }
    }
  }

  private static boolean documented(int code, String reason) {
    switch (code) {
      case 1000: case 1002: case 1003: case 1007: case 1008: case 1009:
        return true;
      case 1011:
        return reason.startsWith("Buffer overflow");
      default:
        return code > 4000 && code <= 4016;
    }
  }

  private static void aNormalRequestIsAnswered(String id) throws Exception {
    try (JdkSocket socket = JdkSocket.open(port, "")) {
      socket.sendBinary(ProtoCodec.encode(Request.builder(RequestType.INDEX).id(id)
          .docs(List.of(Document.withId("d").text("t"))).build()).toByteArray());
      socket.sendBinary(new byte[] {0});
      JdkSocket.Message m = socket.next();
      assertNotNull(m, "the gateway answers a normal request");
      assertEquals(id, RequestProto.parseFrom(m.binary()).getRequestId());
      assertEquals(1000, socket.closed().code());
    }
  }

  private static RequestProto validRequest(Random r) {
    List<Document> docs = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      Document d = Document.withId("doc-" + i).text("text " + i);
      if (r.nextBoolean()) {
        d = d.embedding(dev.jflow.api.NdArray.of(new float[] {r.nextFloat(), r.nextFloat(), r.nextFloat()}, 3));
      }
      docs.add(d);
    }
    RequestType[] types = {RequestType.INDEX, RequestType.SEARCH, RequestType.UPDATE, RequestType.DELETE};
    RequestType type = types[r.nextInt(types.length)];
    Request.Builder b = Request.builder(type).id("req-" + r.nextInt(1000));
    return ProtoCodec.encode(type == RequestType.DELETE ? b.ids(List.of("doc-1")).build() : b.docs(docs).build());
  }

  private static byte[] mutate(Random r, byte[] valid) {
    byte[] b = valid;
    for (int n = 1 + r.nextInt(4); n > 0; n--) {
      switch (r.nextInt(4)) {
        case 0: // flip a byte
          if (b.length > 0) {
            b = b.clone();
            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
          }
          break;
        case 1: // truncate
          b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
          break;
        case 2: { // extend with random bytes
          byte[] tail = randomBytes(r, 1 + r.nextInt(16));
          byte[] longer = java.util.Arrays.copyOf(b, b.length + tail.length);
          System.arraycopy(tail, 0, longer, b.length, tail.length);
          b = longer;
          break;
        }
        default: { // set a byte to a varint edge: 0x00, 0x7F, 0x80 or 0xFF
          if (b.length > 0) {
            b = b.clone();
            b[r.nextInt(b.length)] = new byte[] {0, 0x7F, (byte) 0x80, (byte) 0xFF}[r.nextInt(4)];
          }
        }
      }
    }
    return b;
  }

  private static String mutate(Random r, String valid) {
    return TextMutations.mutate(r, valid, 1 + r.nextInt(4), JSON_TOKENS);
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 64); i++) {
      s.append(String.format("%02x", b[i]));
    }
    return s.append(b.length > 64 ? "... (" + b.length + " bytes)" : "").toString();
  }

  /** The websocket provider, keeping the gateway it makes so that the test can count its open sockets. */
  private static final class Recording implements TransportProvider {
    private final TransportProvider delegate;
    private volatile WebSocketGatewayServer server;

    Recording(TransportProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      WebSocketGatewayServer s = (WebSocketGatewayServer) delegate.newGatewayServer(config, handler);
      server = s;
      return s;
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      return delegate.newClientTransport(config);
    }
  }
}

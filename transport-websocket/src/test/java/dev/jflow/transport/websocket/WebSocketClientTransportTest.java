package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.testing.CollectingObserver;
import dev.jflow.api.testing.HeldHandler;
import dev.jflow.api.testing.Ports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client transport against a gateway whose handler the test controls. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketClientTransportTest {
  private final WebSocketTransportProvider provider = new WebSocketTransportProvider();
  private final HeldHandler handler = new HeldHandler();
  private GatewayServer gateway;
  private ClientTransport client;

  @BeforeEach
  void start() {
    gateway = provider.newGatewayServer(GatewayConfig.defaults().withHost("127.0.0.1"), handler);
    gateway.start().join();
    client = provider.newClientTransport(ClientConfig.of("websocket", "127.0.0.1", gateway.address().port()));
  }

  @AfterEach
  void stop() {
    client.close();
    gateway.close();
  }

  private static Request index(String id, int bytes) {
    return Request.builder(RequestType.INDEX).id(id).docs(List.of(Document.ofBuffer(new byte[bytes]))).build();
  }

  @Test
  void responsesAreMatchedByRequestIdAndHalfCloseCompletesTheCall() throws Exception {
    CollectingObserver o = new CollectingObserver();
    ClientCall call = client.open(o, null);
    call.send(index("a", 1));
    call.send(index("b", 1));
    call.halfClose();
    await().until(() -> handler.running() == 2);
    handler.answerAll();
    o.done.get(10, TimeUnit.SECONDS);
    assertEquals(2, o.responses.size());
    assertEquals(List.of("a", "b"), o.responses.stream().map(Response::requestId).sorted().toList());
  }

  @Test
  void anUnreachableGatewayIsUnavailableNamingItsAddress() throws Exception {
    int port = Ports.free();
    try (ClientTransport nowhere = provider.newClientTransport(ClientConfig.of("websocket", "127.0.0.1", port))) {
      CollectingObserver o = new CollectingObserver();
      nowhere.open(o, null).send(index("x", 1));
      FlowException e = o.failure();
      assertEquals(Status.Code.UNAVAILABLE, e.code());
      assertTrue(e.getMessage().contains("ws://127.0.0.1:" + port + "/stream"), e.getMessage());
    }
  }

  @Test
  void cancelClosesTheSocketAndTheGatewayAbandonsTheWork() throws Exception {
    CollectingObserver o = new CollectingObserver();
    ClientCall call = client.open(o, null);
    call.send(index("slow", 1));
    await().until(() -> handler.running() == 1);
    call.cancel("changed my mind");
    FlowException e = o.failure();
    assertEquals(Status.Code.CANCELLED, e.code());
    assertTrue(e.getMessage().contains("changed my mind"), e.getMessage());
    CompletableFuture<Response> work = handler.future("slow");
    assertNotNull(work);
    await().until(work::isCancelled);
  }

  @Test
  void theTimeoutTravelsToTheGatewayAndIsEnforcedHereWhenTheGatewayIsSilent() throws Exception {
    CollectingObserver o = new CollectingObserver();
    ClientCall call = client.open(o, Duration.ofMillis(300));
    call.send(index("late", 1));
    FlowException e = o.failure();
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
    assertTrue(e.getMessage().contains("did not finish within 300 ms"), e.getMessage());
    Duration given = handler.timeouts().isEmpty() ? null : handler.timeouts().get(0);
    assertNotNull(given, "the gateway passed the client's deadline to the Flow");
    assertTrue(!given.isNegative() && given.toMillis() <= 300, "with a margin: " + given);
    CompletableFuture<Response> work = handler.future("late");
    await().until(work::isCancelled);
  }

  @Test
  void aForeignClientCanGiveItsDeadlineOnTheUrl() throws Exception {
    try (JdkSocket socket = JdkSocket.open(gateway.address().port(), "?timeout_ms=800")) {
      socket.sendBinary(dev.jflow.proto.ProtoCodec.encode(index("url", 1)).toByteArray());
      await().until(() -> handler.timeouts().size() == 1);
      long ms = handler.timeouts().get(0).toMillis();
      assertTrue(ms > 0 && ms <= 800, "the Flow got the time left less a margin: " + ms + " ms");
    }
  }

  @Test
  void aResponseOverTheClientsLimitIsResourceExhausted() throws Exception {
    try (ClientTransport small = provider.newClientTransport(ClientConfig.builder().protocol("websocket").host("127.0.0.1")
        .port(gateway.address().port()).maxMessageSize(1024).build())) {
      CollectingObserver o = new CollectingObserver();
      ClientCall call = small.open(o, null);
      Request r = index("big", 4096);
      call.send(r);
      await().until(() -> handler.running() == 1);
      handler.answer(r.id());
      FlowException e = o.failure();
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
      assertTrue(e.getMessage().contains("maxMessageSize is 1024"), e.getMessage());
    }
  }

  @Test
  void closingTheTransportFailsOpenCallsWithUnavailable() throws Exception {
    CollectingObserver o = new CollectingObserver();
    client.open(o, null).send(index("pending", 1));
    await().until(() -> handler.running() == 1);
    client.close();
    assertEquals(Status.Code.UNAVAILABLE, o.failure().code());
    CollectingObserver after = new CollectingObserver();
    client.open(after, null);
    assertEquals(Status.Code.UNAVAILABLE, after.failure().code());
  }
}

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
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.ResponseObserver;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client transport against a gateway whose handler the test controls. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketClientTransportTest {
  private final WebSocketTransportProvider provider = new WebSocketTransportProvider();
  private final Held handler = new Held();
  private GatewayServer gateway;
  private ClientTransport client;

  /** Holds every request: its future completes only when the test says so. */
  private static final class Held implements RequestHandler {
    final Queue<CompletableFuture<Response>> running = new ConcurrentLinkedQueue<>();
    final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    final Queue<Duration> timeouts = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableFuture<Response> handle(Request request, Duration timeout) {
      CompletableFuture<Response> f = new CompletableFuture<>();
      requests.add(request);
      if (timeout != null) {
        timeouts.add(timeout);
      }
      running.add(f);
      return f;
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  /** Records what a call reports. */
  private static final class Observer implements ResponseObserver {
    final Queue<Response> responses = new ConcurrentLinkedQueue<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onNext(Response response) {
      responses.add(response);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }

    FlowException failure() throws Exception {
      try {
        done.get(10, TimeUnit.SECONDS);
        throw new AssertionError("the call completed, but a failure was expected");
      } catch (ExecutionException e) {
        return (FlowException) e.getCause();
      }
    }
  }

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
    Observer o = new Observer();
    ClientCall call = client.open(o, null);
    call.send(index("a", 1));
    call.send(index("b", 1));
    call.halfClose();
    await().until(() -> handler.running.size() == 2);
    for (Request r : handler.requests) {
      handler.running.poll().complete(Response.of(r, Status.SUCCESS, List.of()));
    }
    o.done.get(10, TimeUnit.SECONDS);
    assertEquals(2, o.responses.size());
    assertEquals(List.of("a", "b"), o.responses.stream().map(Response::requestId).sorted().toList());
  }

  @Test
  void anUnreachableGatewayIsUnavailableNamingItsAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ClientTransport nowhere = provider.newClientTransport(ClientConfig.of("websocket", "127.0.0.1", port))) {
      Observer o = new Observer();
      nowhere.open(o, null).send(index("x", 1));
      FlowException e = o.failure();
      assertEquals(Status.Code.UNAVAILABLE, e.code());
      assertTrue(e.getMessage().contains("ws://127.0.0.1:" + port + "/stream"), e.getMessage());
    }
  }

  @Test
  void cancelClosesTheSocketAndTheGatewayAbandonsTheWork() throws Exception {
    Observer o = new Observer();
    ClientCall call = client.open(o, null);
    call.send(index("slow", 1));
    await().until(() -> handler.running.size() == 1);
    call.cancel("changed my mind");
    FlowException e = o.failure();
    assertEquals(Status.Code.CANCELLED, e.code());
    assertTrue(e.getMessage().contains("changed my mind"), e.getMessage());
    CompletableFuture<Response> work = handler.running.peek();
    assertNotNull(work);
    await().until(work::isCancelled);
  }

  @Test
  void theTimeoutTravelsToTheGatewayAndIsEnforcedHereWhenTheGatewayIsSilent() throws Exception {
    Observer o = new Observer();
    ClientCall call = client.open(o, Duration.ofMillis(300));
    call.send(index("late", 1));
    FlowException e = o.failure();
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
    assertTrue(e.getMessage().contains("did not finish within 300 ms"), e.getMessage());
    Duration given = handler.timeouts.peek();
    assertNotNull(given, "the gateway passed the client's deadline to the Flow");
    assertTrue(!given.isNegative() && given.toMillis() <= 300, "with a margin: " + given);
    CompletableFuture<Response> work = handler.running.peek();
    await().until(work::isCancelled);
  }

  @Test
  void aForeignClientCanGiveItsDeadlineOnTheUrl() throws Exception {
    try (JdkSocket socket = JdkSocket.open(gateway.address().port(), "?timeout_ms=800")) {
      socket.sendBinary(dev.jflow.proto.ProtoCodec.encode(index("url", 1)).toByteArray());
      await().until(() -> handler.timeouts.size() == 1);
      long ms = handler.timeouts.peek().toMillis();
      assertTrue(ms > 0 && ms <= 800, "the Flow got the time left less a margin: " + ms + " ms");
    }
  }

  @Test
  void aResponseOverTheClientsLimitIsResourceExhausted() throws Exception {
    try (ClientTransport small = provider.newClientTransport(new ClientConfig("websocket", "127.0.0.1", gateway.address().port(), 1024))) {
      Observer o = new Observer();
      ClientCall call = small.open(o, null);
      Request r = index("big", 4096);
      call.send(r);
      await().until(() -> handler.running.size() == 1);
      handler.running.poll().complete(Response.of(r, Status.SUCCESS, List.of()));
      FlowException e = o.failure();
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
      assertTrue(e.getMessage().contains("maxMessageSize is 1024"), e.getMessage());
    }
  }

  @Test
  void closingTheTransportFailsOpenCallsWithUnavailable() throws Exception {
    Observer o = new Observer();
    client.open(o, null).send(index("pending", 1));
    await().until(() -> handler.running.size() == 1);
    client.close();
    assertEquals(Status.Code.UNAVAILABLE, o.failure().code());
    Observer after = new Observer();
    client.open(after, null);
    assertEquals(Status.Code.UNAVAILABLE, after.failure().code());
  }
}

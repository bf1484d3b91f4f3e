package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.GatewayOption;
import dev.jflow.api.NdArray;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportAddress;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.Flows;
import dev.jflow.core.TransportRegistry;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One Flow behind several gateways: one per protocol, one set of pods, started, drained and closed together. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiGatewayTest {

  /** A second in-process transport under another name, with one option, that remembers its gateways. */
  static final class Second implements TransportProvider {
    static final GatewayOption<String> FLAVOUR = GatewayOption.text("second.flavour", "plain", "a flavour");
    final List<GatewayConfig> configs = new CopyOnWriteArrayList<>();
    final List<GatewayServer> servers = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "second";
    }

    @Override
    public List<GatewayOption<?>> options() {
      return List.of(FLAVOUR);
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      validateOptions(config);
      configs.add(config);
      GatewayServer s = new InProcessGatewayServer(config, handler);
      servers.add(s);
      return s;
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      return new InProcessClientTransport(config.host(), config.token());
    }
  }

  /** A transport whose gateway never manages to listen. */
  static final class Broken implements TransportProvider {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      return new GatewayServer() {
        @Override
        public CompletableFuture<Void> start() {
          return CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE, "cannot listen on nowhere:1"));
        }

        @Override
        public TransportAddress address() {
          throw new FlowException(Status.Code.FAILED_PRECONDITION, "not started");
        }

        @Override
        public CompletableFuture<Void> closeAsync() {
          return CompletableFuture.completedFuture(null);
        }
      };
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      throw new UnsupportedOperationException();
    }
  }

  private final Second second = new Second();
  private final TransportRegistry registry = TransportRegistry.builder().discover(false)
      .register(new InProcessTransportProvider()).register(second).register(new Broken()).build();

  private AsyncFlow flow(GatewayConfig gateway) {
    return Flows.create(Flow.builder().gateway(gateway).add("indexer", TestExecutors.MemoryIndexer::new).spec(), registry);
  }

  private Client client(GatewayAddress a) {
    return Flows.connect(ClientConfig.of(a.protocol(), a.host(), 0), registry);
  }

  private static final String ADMIN = "multi-gateway-admin-token";

  /** A client with the admin token, which sees the status's details (the gateways among them). */
  private Client admin(GatewayAddress a) {
    return Flows.connect(ClientConfig.builder().protocol(a.protocol()).host(a.host()).token(ADMIN).build(), registry);
  }

  private static List<Document> vectors(String... ids) {
    List<Document> docs = new java.util.ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      docs.add(Document.withId(ids[i]).embedding(NdArray.of(new float[] {i, i})));
    }
    return docs;
  }

  @Test
  void everyGatewayServesTheSameFlow() {
    GatewayConfig config = GatewayConfig.builder().protocols("inprocess", "second").option("second.flavour", "salty")
        .authenticator(BearerTokens.builder().adminTokens(Secret.of(ADMIN)).build()).build();
    try (AsyncFlow f = flow(config)) {
      f.start().join();
      List<GatewayAddress> gateways = f.gatewayAddresses();
      assertEquals(List.of("inprocess", "second"), gateways.stream().map(GatewayAddress::protocol).toList());
      assertEquals(gateways.get(0), f.gatewayAddress(), "gatewayAddress() is the first gateway");
      assertEquals(gateways, f.status().join().gateways(), "the status lists every gateway");
      assertEquals(1, second.configs.size());
      assertEquals("second", second.configs.get(0).protocol(), "each gateway gets its own protocol");
      assertEquals("salty", second.configs.get(0).option(Second.FLAVOUR));
      try (Client first = client(gateways.get(0)); Client other = admin(gateways.get(1))) {
        first.index(vectors("a", "b", "c")).join();
        List<Response> found = other.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {2, 2}))), 1).join();
        assertEquals("c", found.get(0).docs().get(0).matches().get(0).id(), "what one gateway indexed the other finds");
        assertEquals(gateways, other.status().join().gateways());
      }
    }
  }

  @Test
  void closingDrainsEveryGatewayAndWaitsForAll() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AsyncFlow f = Flows.create(Flow.builder().protocols("inprocess", "second").add("stuck", () -> request -> {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
    }).spec(), registry);
    f.start().join();
    List<GatewayAddress> gateways = f.gatewayAddresses();
    try (Client first = client(gateways.get(0)); Client other = client(gateways.get(1))) {
      CompletableFuture<List<Response>> running = other.index(vectors("a"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> closing = f.closeAsync();
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> first.index(vectors("late")).handle((r, e) -> e != null
          && Futures.toFlowException(e).code() == Status.Code.UNAVAILABLE).join());
      assertFalse(closing.isDone(), "the first gateway is drained, but the second still runs a request");
      release.countDown();
      assertEquals(1, running.get(10, TimeUnit.SECONDS).size(), "the accepted request is answered");
      closing.get(10, TimeUnit.SECONDS);
    }
    for (GatewayAddress a : gateways) {
      assertNull(InProcessGatewayServer.find(a.host()), a + " is closed");
    }
  }

  @Test
  void aGatewayThatCannotStartFailsTheStartAndLeavesNoneRunning() {
    AsyncFlow f = flow(GatewayConfig.builder().protocols("second", "broken").build());
    FlowException e = assertThrows(FlowException.class, () -> Futures.await(f.start()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    assertTrue(e.getMessage().contains("the broken gateway failed to start: UNAVAILABLE: cannot listen on nowhere:1"), e.getMessage());
    assertFalse(f.isRunning());
    assertEquals(1, second.servers.size());
    String started = second.servers.get(0).address().host();
    assertNull(InProcessGatewayServer.find(started), "the gateway that had started is closed again");
  }

  @Test
  void optionsMustBelongToAServedTransportThatKnowsThem() {
    GatewayConfig config = GatewayConfig.builder().protocols("inprocess", "second").option("second.flavour", "ok")
        .option("second.colour", "red").option("websocket.cors", "*").option("inprocess.anything", "1").build();
    FlowException e = assertThrows(FlowException.class, () -> flow(config));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid gateway options: gateway option 'websocket.cors' is for no gateway of this Flow; options are named after"
        + " a protocol it serves: [inprocess, second]; unknown gateway option 'inprocess.anything'; the inprocess transport has no options;"
        + " unknown gateway option 'second.colour'; the second transport knows [second.flavour]", e.status().description());
  }
}

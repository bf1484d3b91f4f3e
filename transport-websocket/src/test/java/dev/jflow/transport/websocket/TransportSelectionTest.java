package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.NdArray;
import dev.jflow.api.Response;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.core.TransportRegistry;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry finds the websocket transport, and {@code restful(true)} serves a Flow over it. */
class TransportSelectionTest {

  @Test
  void theRegistryListsWebsocketBelowGrpcPriority() {
    assertTrue(TransportRegistry.getDefault().names().contains("websocket"), TransportRegistry.getDefault().names().toString());
    assertEquals(6, new WebSocketTransportProvider().priority());
  }

  @Test
  void restfulServesOverWebsocketAndTheFlowsOwnCallsUseIt() {
    String admin = "selection-admin-token-0123";
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1").add("indexer", TestExecutors.MemoryIndexer::new)
        .authenticator(BearerTokens.builder().adminTokens(Secret.of(admin)).build()).build().start()) {
      GatewayAddress a = f.async().gatewayAddress();
      assertEquals("websocket", a.protocol());
      f.index(List.of(Document.withId("a").embedding(NdArray.of(new float[] {1, 1})),
          Document.withId("b").embedding(NdArray.of(new float[] {5, 5}))));
      List<Response> found = f.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {4, 4}))), 1);
      assertEquals("b", found.get(0).docs().get(0).matches().get(0).id());
      try (Client c = Client.connect(ClientConfig.builder().protocol("websocket").host("127.0.0.1").port(a.port()).token(admin).build())) {
        assertEquals("x", c.index(List.of(Document.ofText("x"))).join().get(0).docs().get(0).text(), "an external client works too");
        assertEquals("indexer", c.status().join().pods().get(0).name(), "control commands travel over the socket too");
        assertEquals(List.of("indexer"), c.reload("index.*").join());
      }
    }
  }
}

package dev.jflow.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.GatewayAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A builder-method Flow served over each transport that {@code protocol} names, reached through a Client. */
class TransportsTest {

  static void clientReachesTheExecutor(String protocol, GatewayAddress address, Client client) throws Exception {
    assertEquals(protocol, address.protocol());
    assertEquals(protocol, client.config().protocol());
    assertEquals(List.of("HELLO", "WORLD"), Upper.texts(client.index(Upper.docs("hello", "world")).get(10, TimeUnit.SECONDS)));
  }

  @Nested
  @JFlowTest(builder = "flow", protocol = "grpc")
  class Grpc {
    static FlowBuilder<AsyncFlow> flow() {
      return Upper.flow();
    }

    @Test
    void clientCallsTheFlowOverGrpc(GatewayAddress address, Client client) throws Exception {
      assertEquals("127.0.0.1", address.host());
      assertTrue(address.port() > 0);
      clientReachesTheExecutor("grpc", address, client);
    }

    @Test
    void asyncFlowAnswersToo(AsyncFlow flow) throws Exception {
      assertEquals(List.of("X"), Upper.texts(flow.search(dev.jflow.api.Inputs.of(Upper.docs("x"))).get(10, TimeUnit.SECONDS)));
    }
  }

  @Nested
  @JFlowTest(builder = "flow", protocol = "websocket")
  class WebSocket {
    /** A method may return the Flow itself, not started: the extension starts a copy on a free port. */
    static AsyncFlow flow() {
      return Upper.flow().port(1).build();
    }

    @Test
    void clientCallsTheFlowOverWebSocket(GatewayAddress address, Client client) throws Exception {
      assertEquals("127.0.0.1", address.host());
      assertTrue(address.port() > 0);
      clientReachesTheExecutor("websocket", address, client);
    }
  }

  @Nested
  @JFlowTest(yaml = "flows/pass.yml", protocol = "inprocess")
  class InProcess {
    @Test
    void clientCallsTheFlowInProcess(GatewayAddress address, Client client) throws Exception {
      assertEquals("inprocess", address.protocol());
      assertEquals(List.of("hello"), Upper.texts(client.index(Upper.docs("hello")).get(10, TimeUnit.SECONDS)));
    }
  }
}

package dev.jflow.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Flow from a YAML resource as the YAML says (websocket), moved to a free port of 127.0.0.1. */
@JFlowTest(yaml = "flows/pass.yml")
class YamlFlowTest {
  private static AsyncFlow before;

  @BeforeAll
  static void flowRunsBeforeAll(AsyncFlow flow) {
    assertTrue(flow.isRunning());
    before = flow;
  }

  @Test
  void gatewayListensOnAFreePortOfLoopbackOverTheYamlsProtocol(GatewayAddress address) {
    assertEquals("websocket", address.protocol());
    assertEquals("127.0.0.1", address.host());
    assertNotEquals(1, address.port()); // the YAML's port_expose is replaced
    assertTrue(address.port() > 0);
  }

  @Test
  void everyTestOfTheClassSharesTheOneFlow(AsyncFlow async, Flow flow) {
    assertSame(before, async);
    assertEquals("pass-flow", async.spec().name());
    assertEquals(async.gatewayAddress(), flow.async().gatewayAddress());
  }

  @Test
  void blockingFlowAndClientReachThePods(Flow flow, Client client) throws Exception {
    assertEquals(List.of("a", "b"), Upper.texts(flow.index(Upper.docs("a", "b"))));
    assertEquals(List.of("c"), Upper.texts(client.search(dev.jflow.api.Inputs.of(Upper.docs("c"))).get(10, TimeUnit.SECONDS)));
    assertEquals("websocket", client.config().protocol());
  }
}

package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.TransportRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportRegistryTest {

  /** A provider that exists only by name. */
  static final class Named implements TransportProvider {
    private final String name;
    private final int priority;
    private final boolean available;

    Named(String name, int priority, boolean available) {
      this.name = name;
      this.priority = priority;
      this.available = available;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public boolean isAvailable() {
      return available;
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void discoveryFindsTheInProcessTransport() {
    assertEquals(List.of("inprocess"), TransportRegistry.getDefault().names());
    assertTrue(TransportRegistry.getDefault().provider(null) instanceof InProcessTransportProvider, "inprocess is the default without a network transport");
  }

  @Test
  void anUnknownTransportIsNamedWithWhatWasFoundAndTheModuleToAdd() {
    FlowException e = assertThrows(FlowException.class, () -> TransportRegistry.getDefault().provider("websocket"));
    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertEquals("Transport \"websocket\" is not available; found [inprocess]. Add the transport-websocket module to use it.", e.status().description());
  }

  @Test
  void aFlowAskingForAMissingTransportFailsAtBuild() {
    FlowException e = assertThrows(FlowException.class, () -> Flow.builder().restful(true).add().build());
    assertTrue(e.getMessage().contains("Add the transport-websocket module"), e.getMessage());
  }

  @Test
  void highestPriorityWinsPerNameAndUnavailableProvidersAreDropped() {
    Named low = new Named("grpc", 2, true);
    Named high = new Named("grpc", 8, true);
    TransportRegistry r = TransportRegistry.builder().discover(false)
        .register(low).register(high).register(new Named("websocket", 9, false)).register(new Named("inprocess", 1, true))
        .build();
    assertEquals(List.of("grpc", "inprocess"), r.names());
    assertSame(high, r.provider("grpc"));
    assertSame(high, r.provider(null));
  }
}

package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.FlowModule;
import dev.jflow.core.TransportRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportSelectionTest {

  @Test
  void grpcIsTheDefaultWhenPresentAndInprocessStaysSelectable() {
    assertEquals(List.of("grpc", "inprocess"), TransportRegistry.getDefault().names());
    try (Flow f = Flow.builder().host("127.0.0.1").add().build().start()) {
      assertEquals("grpc", f.async().gatewayAddress().protocol());
    }
    try (Flow f = Flow.builder().protocol("inprocess").add().build().start()) {
      assertEquals("inprocess", f.async().gatewayAddress().protocol());
    }
  }

  @Test
  void restfulNamesTheMissingWebsocketModule() {
    FlowException e = assertThrows(FlowException.class, () -> Flow.builder().restful(true).add().build());
    assertTrue(e.getMessage().contains("Transport \"websocket\" is not available; found [grpc, inprocess]. Add the transport-websocket module"), e.getMessage());
  }

  @Test
  void guiceBindsTheGrpcProviderAndAClientOverIt() {
    Injector injector = Guice.createInjector(FlowModule.of(Flow.builder().host("127.0.0.1").add()));
    assertEquals(GrpcTransportProvider.class, injector.getInstance(TransportProvider.class).getClass());
    Flow flow = injector.getInstance(Flow.class);
    try (Client client = injector.getInstance(Client.class)) {
      assertEquals("grpc", client.config().protocol());
      assertEquals("x", client.index(List.of(Document.ofText("x"))).join().get(0).docs().get(0).text());
    } finally {
      flow.close();
    }
  }
}

package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowModuleTest {

  @Test
  void injectsTheProviderTheFlowsAndAClient() {
    Injector injector = Guice.createInjector(FlowModule.of(Flow.builder().name("injected").add("tagger", TestExecutors.PathTagger::new)));
    TransportProvider provider = injector.getInstance(TransportProvider.class);
    assertEquals("inprocess", provider.name());
    AsyncFlow async = injector.getInstance(AsyncFlow.class);
    Flow flow = injector.getInstance(Flow.class);
    try (Client client = injector.getInstance(Client.class)) {
      assertTrue(async.isRunning(), "the injected Flow is started");
      assertSame(async, flow.async());
      assertEquals(List.of("tagger"), flow.index(List.of(Document.ofText("a"))).get(0).docs().get(0).tags().get("path"));
      assertEquals(List.of("tagger"), client.index(List.of(Document.ofText("b"))).join().get(0).docs().get(0).tags().get("path"));
    } finally {
      flow.close();
    }
  }

  @Test
  void aRegistryWithoutDiscoveryIsHonoured() {
    TransportRegistry none = TransportRegistry.builder().discover(false).build();
    Injector injector = Guice.createInjector(FlowModule.of(Flow.builder().add()).withRegistry(none));
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> injector.getInstance(TransportProvider.class));
    assertTrue(e.getMessage().contains("No transport is available; found []"), e.getMessage());
  }
}

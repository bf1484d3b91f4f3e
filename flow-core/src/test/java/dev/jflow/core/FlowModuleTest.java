package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.testing.TestExecutors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

  @Test
  void aBoundMeterRegistryGetsTheFlowsMeters() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Injector injector = Guice.createInjector(FlowModule.of(Flow.builder().name("metered").add("tagger", TestExecutors.PathTagger::new)),
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(MeterRegistry.class).toInstance(registry);
          }
        });
    Telemetry telemetry = injector.getInstance(FlowSpec.class).telemetry();
    telemetry.pod("metered", "tagger", "").finished(RequestType.INDEX, Status.Code.SUCCESS, 1, 0, 0);
    assertEquals(1, registry.get("jflow.pod.requests").tags("flow", "metered", "pod", "tagger").counter().count());
    assertTrue(registry.find("jvm.memory.used").gauge() != null, "the JVM's meters are bound to it");
    AsyncFlow flow = injector.getInstance(AsyncFlow.class);
    try {
      assertSame(telemetry, flow.spec().telemetry(), "the Flow reports to it");
      assertTrue(telemetry.scrape().isEmpty(), "no scrape was bound");
    } finally {
      flow.closeAsync().join();
    }
  }

  @Test
  void aBoundTelemetryIsTheFlowsAndWithoutBindingsThereIsNone() {
    Telemetry mine = FlowTelemetry.builder().scrape(() -> "up 1\n").build();
    Injector bound = Guice.createInjector(FlowModule.of(Flow.builder().add()), new AbstractModule() {
      @Override
      protected void configure() {
        bind(Telemetry.class).toInstance(mine);
        bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
      }
    });
    assertSame(mine, bound.getInstance(FlowSpec.class).telemetry(), "a bound Telemetry wins over a bound registry");
    assertSame(Telemetry.none(), Guice.createInjector(FlowModule.of(Flow.builder().add())).getInstance(FlowSpec.class).telemetry());
    Telemetry own = FlowTelemetry.builder().scrape(() -> "").build();
    Injector withRegistry = Guice.createInjector(FlowModule.of(Flow.builder().add().telemetry(own)), new AbstractModule() {
      @Override
      protected void configure() {
        bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
      }
    });
    assertSame(own, withRegistry.getInstance(FlowSpec.class).telemetry(), "the spec's own telemetry is kept");
  }
}

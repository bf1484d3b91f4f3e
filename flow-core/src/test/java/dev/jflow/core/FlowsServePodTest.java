package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Document;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.testing.TestExecutors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Flows#servePod}: the served pod reports to the telemetry it is given, as Flow {@code pod-<name>}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlowsServePodTest {
  private static final PodSpec TAGGER = PodSpec.builder("tagger").uses(TestExecutors.PathTagger::new).build();

  @Test
  void aServedPodCountsItsRequestsInTheGivenTelemetry() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Telemetry telemetry = FlowTelemetry.builder().meterRegistry(registry).jvmMetrics(false).build();
    AsyncFlow pod = Flows.servePod(TAGGER, GatewayConfig.builder().host("127.0.0.1").build(), telemetry);
    try {
      pod.start().get(10, TimeUnit.SECONDS);
      pod.index(List.of(Document.ofText("a"))).get(10, TimeUnit.SECONDS);
      pod.index(List.of(Document.ofText("b"))).get(10, TimeUnit.SECONDS);
      assertEquals(2.0, registry.get("jflow.pod.requests").tags("flow", "pod-tagger", "pod", "tagger", "status", "SUCCESS")
          .counter().count());
    } finally {
      pod.closeAsync().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutTelemetryNothingIsRecorded() {
    AsyncFlow pod = Flows.servePod(TAGGER, GatewayConfig.builder().host("127.0.0.1").build());
    assertEquals(Telemetry.none(), pod.spec().telemetry());
    assertEquals("pod-tagger", pod.spec().name());
  }
}

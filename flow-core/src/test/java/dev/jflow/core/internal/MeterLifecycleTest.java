package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.Response;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.FlowTelemetry;
import dev.jflow.core.testing.TestExecutors;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry shared by Flows (as an application's is) holds only what is alive: a closed Flow leaves no
 * jflow meter behind, and reloads, which replace every replica, add no series.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MeterLifecycleTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Telemetry telemetry = FlowTelemetry.builder().meterRegistry(registry).scrape(registry::scrape).build();

  private List<String> jflowMeters(String prefix) {
    return registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().startsWith(prefix))
        .map(id -> id.getName() + id.getTags()).sorted().collect(Collectors.toList());
  }

  private static List<Document> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId("d" + i).text("x")).collect(Collectors.toList());
  }

  @Test
  void afterItsFlowsCloseTheRegistryKeepsOnlyTheJvmMeters() throws Exception {
    try (Flow far = Flow.builder().name("far").protocol("inprocess").telemetry(telemetry).add("tagger", TestExecutors.PathTagger::new)
        .build().start()) {
      GatewayAddress gateway = far.async().gatewayAddresses().get(0);
      try (Flow near = Flow.builder().name("near").telemetry(telemetry)
          .gateway(GatewayConfig.builder().host("127.0.0.1").monitoringPort(0).build())
          .add(PodSpec.builder("enc").replicas(2).uses(TestExecutors.PathTagger::new).build())
          .add(PodSpec.builder("idx").shards(2).polling(Polling.ALL).usesBefore(TestExecutors.PathTagger::new)
              .usesAfter(TestExecutors.PathTagger::new).uses(TestExecutors.PathTagger::new).build())
          .add("remote", "inprocess://" + gateway.host() + ":1")
          .build().start()) {
        near.index(Inputs.of(docs(6)), CallOptions.builder().requestSize(1).build());
        near.reload("enc");
        near.scale("enc", 3);
        near.index(Inputs.of(docs(6)), CallOptions.builder().requestSize(1).build());
        List<String> live = jflowMeters("jflow.");
        for (String kind : List.of("jflow.pod.requests", "jflow.pod.queue.depth", "jflow.gateway.requests", "jflow.remote.ready")) {
          assertTrue(live.stream().anyMatch(m -> m.startsWith(kind + "[")), kind + " while the Flows run: " + live);
        }
      }
      assertTrue(jflowMeters("jflow.").stream().noneMatch(m -> m.contains("flow=near")),
          "the closed Flow left no meter: " + jflowMeters("jflow."));
      assertFalse(jflowMeters("jflow.").isEmpty(), "the running one keeps its own");
    }
    assertEquals(List.of(), jflowMeters("jflow."), "nothing is left once both closed");
    assertFalse(jflowMeters("jvm.").isEmpty(), "the JVM's meters belong to the registry, not to a Flow");
  }

  @Test
  void reloadsAndAScaleBackReplaceReplicasWithoutAddingSeries() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2); // each round, both replicas hold a request at once: both serve
    try (Flow f = Flow.builder().name("shop").telemetry(telemetry)
        .add(PodSpec.builder("pair").replicas(2).uses(() -> request -> both.await(10, TimeUnit.SECONDS)).build())
        .add("single", TestExecutors.PathTagger::new)
        .build().start()) {
      round(f);
      List<String> before = jflowMeters("jflow.pod.");
      assertEquals(Set.of("replica-0", "replica-1", ""), replicas(), before.toString());
      for (int i = 0; i < 5; i++) {
        f.reload("pair", "single");
        round(f);
        assertEquals(before, jflowMeters("jflow.pod."), "after reload " + (i + 1));
      }
      f.scale("pair", 3);
      f.scale("pair", 2);
      round(f);
      assertEquals(before, jflowMeters("jflow.pod."), "the replica scaled away took its meters along, and its slot was the last");
    }
  }

  private static void round(Flow f) {
    List<Response> rs = f.index(Inputs.of(docs(2)), CallOptions.builder().requestSize(1).build());
    assertTrue(rs.stream().noneMatch(Response::isError), rs.toString());
  }

  private Set<String> replicas() {
    return registry.getMeters().stream().filter(m -> m.getId().getName().equals("jflow.pod.execution"))
        .map(m -> m.getId().getTag("replica")).collect(Collectors.toCollection(TreeSet::new));
  }
}

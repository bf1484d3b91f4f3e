package dev.jflow.core.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.FlowTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The meters FlowTelemetry records, read back from the registry and from the Prometheus text a scraper sees. */
class MetersTest {
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Telemetry telemetry = FlowTelemetry.builder().meterRegistry(prometheus).scrape(prometheus::scrape)
      .jvmMetrics(false).build();

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void aReplicaCountsRequestsAndDocumentsByTypeAndStatusWithALatencyHistogram() {
    PodMetrics pod = telemetry.pod("shop", "enc", "1");
    pod.finished(RequestType.SEARCH, Status.Code.SUCCESS, 3, ms(1), ms(4));
    pod.finished(RequestType.SEARCH, Status.Code.SUCCESS, 2, ms(1), ms(4));
    pod.finished(RequestType.INDEX, Status.Code.ERROR, 5, 0, ms(30));
    pod.shed();
    pod.restarted();

    assertEquals(2, prometheus.get("jflow.pod.requests").tags("flow", "shop", "pod", "enc", "replica", "1", "type", "search",
        "status", "SUCCESS").counter().count());
    assertEquals(1, prometheus.get("jflow.pod.requests").tags("type", "index", "status", "ERROR").counter().count());
    assertEquals(5, prometheus.get("jflow.pod.documents").tags("type", "search").counter().count());
    assertEquals(3, prometheus.get("jflow.pod.execution").tags("pod", "enc").timer().count());
    assertEquals(10, prometheus.get("jflow.pod.latency").tags("type", "search").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
    String text = prometheus.scrape();
    assertTrue(text.contains("jflow_pod_latency_seconds_bucket{flow=\"shop\",pod=\"enc\",replica=\"1\",status=\"SUCCESS\",type=\"search\",le=\""), text);
    assertTrue(text.contains("jflow_pod_shed_total{flow=\"shop\",pod=\"enc\",replica=\"1\"} 1"), text);
    assertTrue(text.contains("jflow_pod_restarts_total{flow=\"shop\",pod=\"enc\",replica=\"1\"} 1"), text);
    assertNull(prometheus.find("jflow.pod.requests").tags("type", "update").counter(), "only what happened is published");
    PodMetrics same = telemetry.pod("shop", "enc", "1");
    same.shed();
    assertTrue(prometheus.scrape().contains("jflow_pod_shed_total{flow=\"shop\",pod=\"enc\",replica=\"1\"} 2"),
        "a second user of the same names counts into the same series");
  }

  @Test
  void aReplicasMetersLeaveTheRegistryWhenTheirLastUserClosesAndLateCallsRegisterNothing() {
    PodMetrics retiring = telemetry.pod("shop", "enc", "replica-0");
    PodMetrics replacement = telemetry.pod("shop", "enc", "replica-0");
    retiring.finished(RequestType.INDEX, Status.Code.SUCCESS, 1, 0, ms(1));
    retiring.close();
    retiring.close(); // twice counts once
    retiring.finished(RequestType.SEARCH, Status.Code.SUCCESS, 1, 0, ms(1));
    assertNull(prometheus.find("jflow.pod.requests").tags("type", "search").counter(), "a closed handle reports nothing");
    replacement.restarted();
    assertEquals(1, prometheus.get("jflow.pod.requests").tags("type", "index").counter().count(), "still used by the replacement");
    replacement.close();
    assertEquals(List.of(), jflowMeters(), "the last close removes every meter of the replica");
    replacement.finished(RequestType.UPDATE, Status.Code.ERROR, 1, 0, ms(1));
    retiring.shed();
    assertEquals(List.of(), jflowMeters(), "calls after the close register nothing again");
    PodMetrics again = telemetry.pod("shop", "enc", "replica-0");
    again.shed();
    assertEquals(1, prometheus.get("jflow.pod.shed").counter().count(), "the names can be used again, by fresh meters");
    assertEquals(0, prometheus.get("jflow.pod.restarts").counter().count());
  }

  @Test
  void aGatewaysMetersLeaveTheRegistryWhenTheLastFlowUsingThemCloses() {
    GatewayMetrics one = telemetry.gateway("shop", "grpc");
    GatewayMetrics two = telemetry.gateway("shop", "grpc");
    one.callOpened();
    two.answered(Status.Code.SUCCESS, ms(3));
    one.close();
    assertEquals(1, gauge("jflow.gateway.calls.open"), "the other Flow still uses them");
    two.refused(Status.Code.UNAVAILABLE);
    two.close();
    assertEquals(List.of(), jflowMeters());
    one.answered(Status.Code.ERROR, ms(1));
    assertEquals(List.of(), jflowMeters(), "a late answer registers nothing");
  }

  private List<String> jflowMeters() {
    return prometheus.getMeters().stream().map(m -> m.getId().getName()).filter(n -> n.startsWith("jflow.")).collect(Collectors.toList());
  }

  @Test
  void aGatewayKeepsGaugesOfWhatIsOpenAndCountsAnswersAndRefusalsByStatus() {
    GatewayMetrics g = telemetry.gateway("shop", "grpc");
    g.connectionOpened();
    g.callOpened();
    g.callOpened();
    g.received(1000);
    g.received(3000);
    g.admitted(ms(2));
    g.admitted(ms(3));
    assertEquals(2, gauge("jflow.gateway.calls.open"));
    assertEquals(1, gauge("jflow.gateway.connections.open"));
    assertEquals(2, gauge("jflow.gateway.requests.inflight"), "admitted and not answered");
    g.answered(Status.Code.SUCCESS, ms(20));
    g.refused(Status.Code.RESOURCE_EXHAUSTED);
    g.sent(500);
    g.callClosed();
    g.connectionClosed();
    assertEquals(1, gauge("jflow.gateway.calls.open"));
    assertEquals(0, gauge("jflow.gateway.connections.open"));
    assertEquals(1, gauge("jflow.gateway.requests.inflight"));
    assertEquals(1, prometheus.get("jflow.gateway.requests").tags("status", "SUCCESS").counter().count());
    assertEquals(1, prometheus.get("jflow.gateway.requests").tags("status", "RESOURCE_EXHAUSTED").counter().count());
    assertNull(prometheus.find("jflow.gateway.latency").tags("status", "RESOURCE_EXHAUSTED").timer(), "a refusal has no latency");
    assertEquals(1, prometheus.get("jflow.gateway.latency").tags("status", "SUCCESS").timer().count());
    assertEquals(2, prometheus.get("jflow.gateway.admission.wait").timer().count());
    assertEquals(4000, prometheus.get("jflow.gateway.bytes.in").counter().count());
    assertEquals(500, prometheus.get("jflow.gateway.bytes.out").counter().count());
    assertEquals(2, prometheus.get("jflow.gateway.request.size").summary().count());
    String text = prometheus.scrape();
    assertTrue(text.contains("jflow_gateway_bytes_in_bytes_total{flow=\"shop\",protocol=\"grpc\"} 4000"), text);
    assertTrue(text.contains("jflow_gateway_request_size_bytes_bucket{flow=\"shop\",protocol=\"grpc\",le=\""), text);
    assertTrue(text.contains("jflow_gateway_latency_seconds_bucket{flow=\"shop\",protocol=\"grpc\",status=\"SUCCESS\",le=\""), text);
    assertTrue(text.contains("jflow_gateway_requests_inflight{flow=\"shop\",protocol=\"grpc\"} 1"), text);
    telemetry.gateway("shop", "grpc").callOpened();
    assertEquals(2, gauge("jflow.gateway.calls.open"), "two gateways of one name share their gauges");
  }

  private double gauge(String name) {
    return prometheus.get(name).tags("flow", "shop", "protocol", "grpc").gauge().value();
  }

  @Test
  void queueGaugesFollowTheirSuppliersUntilClosed() throws Exception {
    AtomicLong depth = new AtomicLong(3);
    AtomicLong running = new AtomicLong(1);
    AutoCloseable registration = telemetry.queue("shop", "enc", "shard-0", depth::get, running::get);
    assertEquals(3, queue("jflow.pod.queue.depth"));
    assertEquals(1, queue("jflow.pod.inflight"));
    depth.set(7);
    assertEquals(7, queue("jflow.pod.queue.depth"));
    assertTrue(prometheus.scrape().contains("jflow_pod_queue_depth{flow=\"shop\",group=\"shard-0\",pod=\"enc\"} 7"));
    registration.close();
    assertNull(prometheus.find("jflow.pod.queue.depth").gauge(), "closing removes the gauges");
    assertNull(prometheus.find("jflow.pod.inflight").gauge());
    registration.close(); // twice does nothing
  }

  @Test
  void aGroupRegisteredAgainTakesItsGaugesOverAndTheOldCloseLeavesThem() throws Exception {
    AutoCloseable old = telemetry.queue("shop", "enc", "shard-0", () -> 1, () -> 0);
    AutoCloseable rescaled = telemetry.queue("shop", "enc", "shard-0", () -> 5, () -> 2);
    assertEquals(5, queue("jflow.pod.queue.depth"));
    old.close();
    assertEquals(5, queue("jflow.pod.queue.depth"), "the newer registration still reads");
    assertEquals(2, queue("jflow.pod.inflight"));
    rescaled.close();
    assertNull(prometheus.find("jflow.pod.queue.depth").gauge());
  }

  private double queue(String name) {
    return prometheus.get(name).tags("flow", "shop", "pod", "enc", "group", "shard-0").gauge().value();
  }

  @Test
  void aRemotePodReportsReadinessReconnectsAndCallLatencyUntilItsLastUserCloses() {
    RemoteMetrics first = telemetry.remote("shop", "enc", "grpc://10.0.0.5:5555");
    RemoteMetrics second = telemetry.remote("shop", "enc", "grpc://10.0.0.5:5555");
    assertEquals(0, remote().gauge().value());
    first.ready(true);
    assertEquals(1, remote().gauge().value());
    first.ready(false);
    second.reconnected();
    first.rpc(Status.Code.SUCCESS, ms(3));
    first.rpc(Status.Code.UNAVAILABLE, ms(1));
    assertEquals(0, remote().gauge().value());
    assertEquals(1, prometheus.get("jflow.remote.reconnects").counter().count());
    assertEquals(1, prometheus.get("jflow.remote.latency").tags("status", "UNAVAILABLE").timer().count());
    assertTrue(prometheus.scrape().contains("jflow_remote_latency_seconds_bucket{address=\"grpc://10.0.0.5:5555\",flow=\"shop\",pod=\"enc\",status=\"SUCCESS\",le=\""));
    first.close();
    first.close(); // twice counts once
    assertEquals(0, remote().gauge().value(), "still used by the second");
    second.close();
    first.rpc(Status.Code.DEADLINE_EXCEEDED, ms(1)); // a call that ends as its pod closes
    second.ready(true);
    assertNull(prometheus.find("jflow.remote.ready").gauge(), "the last close removes the meters");
    assertNull(prometheus.find("jflow.remote.reconnects").counter());
    assertNull(prometheus.find("jflow.remote.latency").timer());
  }

  private io.micrometer.core.instrument.search.RequiredSearch remote() {
    return prometheus.get("jflow.remote.ready").tags("flow", "shop", "pod", "enc", "address", "grpc://10.0.0.5:5555");
  }

  @Test
  void withoutARegistryEveryMeterIsTheNoOpAndTheScrapeIsWhatWasGiven() throws Exception {
    assertSame(Telemetry.none(), FlowTelemetry.builder().build());
    Telemetry scrapeOnly = FlowTelemetry.builder().scrape(() -> "up 1\n").build();
    assertSame(PodMetrics.none(), scrapeOnly.pod("f", "p", ""));
    assertSame(GatewayMetrics.none(), scrapeOnly.gateway("f", "grpc"));
    assertSame(RemoteMetrics.none(), scrapeOnly.remote("f", "p", "grpc://h:1"));
    scrapeOnly.queue("f", "p", "g", () -> 1, () -> 1).close();
    assertEquals("up 1\n", scrapeOnly.scrape().orElseThrow().scrape());
    assertTrue(FlowTelemetry.builder().meterRegistry(new SimpleMeterRegistry()).build().scrape().isEmpty());
  }

  @Test
  void aNullTypeOrStatusIsIgnoredRatherThanThrown() {
    PodMetrics pod = telemetry.pod("shop", null, null);
    pod.finished(null, Status.Code.SUCCESS, 1, 0, 0);
    pod.finished(RequestType.INDEX, null, 1, 0, 0);
    telemetry.gateway("shop", "grpc").answered(null, 0);
    assertNull(prometheus.find("jflow.pod.requests").counter());
    assertEquals(0, prometheus.get("jflow.pod.shed").tags("pod", "", "replica", "").counter().count());
  }

  @Test
  void twoFlowsOnOneRegistryBindTheJvmMetersOnce() {
    MeterRegistry registry = new SimpleMeterRegistry();
    FlowTelemetry.builder().meterRegistry(registry).build();
    assertTrue(registry.find("jvm.memory.used").gauges().size() > 0);
    assertTrue(registry.find("jvm.gc.memory.allocated").counter() != null);
    assertTrue(registry.find("process.uptime").timeGauge() != null);
    assertEquals(0, JvmMeters.bindOnce(registry), "bound when the first telemetry was built");
    FlowTelemetry.builder().meterRegistry(registry).build();
    assertEquals(0, JvmMeters.bindOnce(registry));
    assertEquals(6, JvmMeters.bindOnce(new SimpleMeterRegistry()));
  }

  @Test
  void jvmBindersAnApplicationBoundItselfAreNotBoundAgain() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (var gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics()) {
      gc.bindTo(registry);
      new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
      assertEquals(4, JvmMeters.bindOnce(registry), "memory and GC were bound by the application");
    }
  }

  @Test
  void withoutJvmMetricsNoJvmMeterIsBound() {
    MeterRegistry registry = new SimpleMeterRegistry();
    FlowTelemetry.builder().meterRegistry(registry).jvmMetrics(false).build();
    assertNull(registry.find("jvm.memory.used").gauge());
  }
}

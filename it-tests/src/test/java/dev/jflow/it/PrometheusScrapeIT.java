package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.api.testing.Ports;
import dev.jflow.core.FlowTelemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a Flow's meters: 40 index requests sent through a client are read back
 * through Prometheus's query API as the pod's request counter, its latency timer's count and a
 * percentile of its histogram. Once from the restful gateway's own {@code /metrics}, once from a gRPC
 * gateway's monitoring port; one Prometheus, started first, scrapes both ports. Skipped, saying why,
 * when there is no {@code prometheus} binary.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusScrapeIT {
  private static final int REQUESTS = 40;
  private static final int WEBSOCKET_PORT = Ports.free();
  private static final int MONITORING_PORT = Ports.free();
  @TempDir
  static Path dir;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void startPrometheus() throws Exception {
    Path binary = PrometheusServer.binary().orElse(null);
    String message = "Skipping PrometheusScrapeIT: no prometheus binary on the PATH. Install it with "
        + "scripts/ensure-prometheus.sh (./run-tests does; Debian's prometheus package), or put one on the PATH.";
    if (binary == null) {
      System.err.println("jflow-it: " + message); // the console says why, not only the test report
    }
    assumeTrue(binary != null, message);
    prometheus = PrometheusServer.start(binary, dir,
        Map.of("websocket", "127.0.0.1:" + WEBSOCKET_PORT, "grpc", "127.0.0.1:" + MONITORING_PORT));
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void prometheusScrapesTheRestfulGatewaysMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Flow flow = flow("scrape-websocket", GatewayConfig.builder().protocol("websocket").port(WEBSOCKET_PORT), registry)) {
      sendIndexRequests(flow.async().gatewayAddress());
      assertPrometheusSees("websocket", "scrape-websocket");
    } finally {
      registry.close();
    }
  }

  @Test
  void prometheusScrapesTheGrpcGatewaysMonitoringPort() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Flow flow = flow("scrape-grpc", GatewayConfig.builder().protocol("grpc").monitoringPort(MONITORING_PORT), registry)) {
      sendIndexRequests(flow.async().gatewayAddress());
      assertPrometheusSees("grpc", "scrape-grpc");
    } finally {
      registry.close();
    }
  }

  private static Flow flow(String name, GatewayConfig.Builder gateway, PrometheusMeterRegistry registry) {
    return Flow.builder().name(name).gateway(gateway.host("127.0.0.1").build())
        .add("encoder", "HashingTextEncoder")
        .telemetry(FlowTelemetry.builder().meterRegistry(registry).scrape(registry::scrape).build())
        .build().start();
  }

  /** {@link #REQUESTS} index requests of one document each, through a client of the gateway. */
  private static void sendIndexRequests(GatewayAddress gateway) throws Exception {
    try (Client client = Client.connect(gateway.protocol(), "127.0.0.1", gateway.port())) {
      List<Response> answered = client.index(Inputs.of(Corpus.docs(0, REQUESTS)), CallOptions.builder().requestSize(1).build())
          .get(20, TimeUnit.SECONDS);
      assertEquals(REQUESTS, answered.size(), "one response per request");
      answered.forEach(r -> assertFalse(r.isError(), () -> "request " + r.requestId() + " failed: " + r.status()));
    }
  }

  private static void assertPrometheusSees(String job, String flow) {
    prometheus.awaitTargetUp(job, Duration.ofSeconds(15));
    String pod = "job=\"" + job + "\",flow=\"" + flow + "\",pod=\"encoder\",type=\"index\"";
    awaitValue("sum(jflow_pod_requests_total{" + pod + ",status=\"SUCCESS\"})", REQUESTS);
    awaitValue("sum(jflow_pod_latency_seconds_count{" + pod + "})", REQUESTS);
    String p99 = "histogram_quantile(0.99, sum by (le) (jflow_pod_latency_seconds_bucket{" + pod + "}))";
    double seconds = prometheus.query(p99).orElseThrow(() -> new AssertionError("no latency histogram buckets: " + p99));
    assertTrue(seconds > 0 && seconds < 20, "the pod's p99 latency from its histogram buckets is " + seconds + " s");
  }

  /** Waits (up to 10 s: a few scrapes) until {@code promql}'s one sample is {@code expected}. */
  private static void awaitValue(String promql, double expected) {
    AtomicReference<OptionalDouble> last = new AtomicReference<>(OptionalDouble.empty());
    try {
      Awaitility.await(promql).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
        last.set(prometheus.query(promql));
        return last.get().isPresent() && last.get().getAsDouble() == expected;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Prometheus answers " + promql + " with "
          + (last.get().isPresent() ? String.valueOf(last.get().getAsDouble()) : "no series (no such meter scraped)")
          + ", expected " + expected + " after " + REQUESTS + " requests", e);
    }
  }
}

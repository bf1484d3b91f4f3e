package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jflow.api.spi.MetricsScrape;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CLI's telemetry: a Prometheus registry scraped in text format 0.0.4, and the OpenTelemetry SDK when OTEL_* ask for traces. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTelemetryTest {

  @Test
  void metersAreKeptInAPrometheusRegistryAndScrapedInTextFormat004() {
    try (CliTelemetry t = CliTelemetry.create(true, "search", Map.of())) {
      PrometheusMeterRegistry registry = t.registry().orElseThrow();
      assertTrue(t.openTelemetry().isEmpty(), "no OTEL_* variables: no tracing");
      Counter.builder("jflow.pod.requests").tags("flow", "search", "pod", "encoder", "replica", "", "type", "search", "status", "SUCCESS")
          .register(registry).increment();
      Timer.builder("jflow.pod.latency").tags("flow", "search", "pod", "encoder", "replica", "", "type", "search", "status", "SUCCESS")
          .publishPercentileHistogram().register(registry).record(Duration.ofMillis(3));
      MetricsScrape scrape = CliTelemetry.scrape(registry);
      assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
      String text = scrape.scrape();
      assertTrue(text.contains("# TYPE jflow_pod_requests_total counter\n"), text);
      assertTrue(text.contains("jflow_pod_requests_total{flow=\"search\",pod=\"encoder\",replica=\"\",status=\"SUCCESS\",type=\"search\"} 1.0\n"),
          text);
      assertTrue(text.contains("jflow_pod_latency_seconds_bucket{flow=\"search\""), "the names the README lists: " + text);
      assertFalse(text.contains("# EOF"), "text format 0.0.4, not OpenMetrics: " + text);
    }
  }

  @Test
  void noMetricsKeepsNoRegistryAndNothingToScrape() {
    try (CliTelemetry t = CliTelemetry.create(false, "search", Map.of())) {
      assertTrue(t.registry().isEmpty());
      assertTrue(t.telemetry().scrape().isEmpty(), "/metrics answers 404");
    }
  }

  @Test
  void spansGoToTheOtlpEndpointOverHttpAndClosingSendsWhatIsBuffered() throws Exception {
    CompletableFuture<String> received = new CompletableFuture<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.complete(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + new String(body, StandardCharsets.ISO_8859_1));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    try {
      Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
          "OTEL_BSP_SCHEDULE_DELAY", "600000"); // nothing is sent before close
      CliTelemetry t = CliTelemetry.create(false, "search", env);
      t.openTelemetry().orElseThrow().getTracer("test").spanBuilder("jflow.request search").startSpan().end();
      assertFalse(received.isDone(), "buffered until close");
      t.close();
      t.close(); // idempotent
      String request = received.get(10, TimeUnit.SECONDS);
      assertTrue(request.startsWith("POST /v1/traces application/x-protobuf\n"), request);
      assertTrue(request.contains("jflow.request search") && request.contains("jflow-search"), "the span, with the service name: " + request);
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void settingsTheSdkRefusesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CliTelemetry.create(true, "search", Map.of("OTEL_TRACES_EXPORTER", "carrier-pigeon")));
    assertTrue(e.getMessage().startsWith("OpenTelemetry cannot be set up from the OTEL_* variables: ") && e.getMessage().contains("carrier-pigeon"),
        e.getMessage());
  }
}

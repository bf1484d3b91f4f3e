package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.testing.Await;
import dev.jflow.core.FlowTelemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Known traffic through a real Flow, then the Prometheus text read over HTTP from its monitoring
 * port: request counts by status, the latency histogram, and the shed counter of an overloaded pod.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theMonitoringPortShowsCountsAHistogramAndTheShedRequestsOfAnOverloadedPod() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Flow f = Flow.builder().name("shop")
        .gateway(GatewayConfig.builder().host("127.0.0.1").monitoringPort(0).build())
        .telemetry(FlowTelemetry.builder().meterRegistry(prometheus).scrape(prometheus::scrape).jvmMetrics(false).build())
        .add(PodSpec.builder("narrow").maxQueue(1).uses(() -> r -> {
          if (r.docs().get(0).text().equals("hold")) {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
          }
        }).build())
        .build().start()) {
      for (int i = 0; i < 10; i++) {
        f.index(List.of(Document.ofText("d" + i))); // one at a time: the queue holds one
      }

      CompletableFuture<List<Response>> running = f.async().index(List.of(Document.ofText("hold")));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<List<Response>> queued = f.async().index(List.of(Document.ofText("queued")));
      await().atMost(WAIT).until(() -> value(scrape(f), "jflow_pod_queue_depth", "pod=\"narrow\"") == 1.0);
      String waiting = scrape(f);
      FlowException refused = Await.failure(f.async().index(List.of(Document.ofText("refused"))), WAIT);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      release.countDown();
      running.get(10, TimeUnit.SECONDS);
      queued.get(10, TimeUnit.SECONDS);

      // a scrape is rendered at most once a second: wait for one made after the traffic
      await().atMost(WAIT).until(() -> value(scrape(f), "jflow_pod_requests_total", "pod=\"narrow\"") == 12.0);
      String text = scrape(f);
      assertEquals(12.0, value(text, "jflow_pod_requests_total", "pod=\"narrow\"", "status=\"SUCCESS\"", "type=\"index\""), text);
      assertEquals(1.0, value(text, "jflow_pod_shed_total", "pod=\"narrow\""), text);
      assertEquals(12.0, value(text, "jflow_pod_latency_seconds_bucket", "pod=\"narrow\"", "le=\"+Inf\""), text);
      assertTrue(value(text, "jflow_pod_latency_seconds_bucket", "pod=\"narrow\"", "le=\"0.001\"") < 12.0,
          "the held request is not in the 1 ms bucket: the histogram has buckets, not only a count");
      assertEquals(1.0, value(text, "jflow_gateway_requests_total", "status=\"RESOURCE_EXHAUSTED\""), text);
      assertTrue(value(text, "jflow_gateway_requests_total", "status=\"SUCCESS\"") >= 12.0, text);
      assertTrue(waiting.contains("jflow_pod_inflight{"), waiting);
    }
  }

  private static String scrape(Flow f) throws Exception {
    int port = ((CoreFlow) f.async()).monitoringPort();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}; 0 when none. */
  private static double value(String text, String name, String... labels) {
    double sum = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    while (m.find()) {
      String found = m.group(1);
      boolean all = true;
      for (String l : labels) {
        all &= found.contains(l);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}

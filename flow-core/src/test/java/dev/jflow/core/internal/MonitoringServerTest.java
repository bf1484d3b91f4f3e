package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.Tls;
import dev.jflow.api.testing.Ports;
import dev.jflow.api.testing.TestCertificates;
import dev.jflow.core.FlowTelemetry;
import dev.jflow.core.testing.TestExecutors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring port over a real socket: what a Prometheus scraper, a stranger and a wrong token get. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitoringServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Telemetry scraped = FlowTelemetry.builder().meterRegistry(prometheus).scrape(prometheus::scrape).build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

  private static Flow flow(Telemetry telemetry, GatewayConfig.Builder gateway) {
    return Flow.builder().name("monitored").gateway(gateway.host("127.0.0.1").monitoringPort(0).build())
        .telemetry(telemetry).add("tagger", TestExecutors.PathTagger::new).build().start();
  }

  private static int port(Flow flow) {
    return ((CoreFlow) flow.async()).monitoringPort();
  }

  private HttpResponse<String> get(HttpClient client, String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getMetricsAnswersThePrometheusTextOfTheFlowsMeters() throws Exception {
    scraped.gateway("monitored", "grpc").refused(Status.Code.RESOURCE_EXHAUSTED);
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      HttpResponse<String> r = get(http, "http://127.0.0.1:" + port(f) + "/metrics");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(r.body().contains("jflow_gateway_requests_total{flow=\"monitored\",protocol=\"grpc\",status=\"RESOURCE_EXHAUSTED\"} 1"),
          r.body());
      assertTrue(r.body().contains("jvm_memory_used_bytes"), "the JVM's meters are bound by default");
    }
  }

  @Test
  void otherPathsAre404AndOtherMethods405() throws Exception {
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      String base = "http://127.0.0.1:" + port(f);
      HttpResponse<String> missing = get(http, base + "/");
      assertEquals(404, missing.statusCode());
      assertTrue(missing.body().contains("GET /metrics"), missing.body());
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(WAIT)
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    }
  }

  @Test
  void withoutAScrapeTheEndpointSaysSoWith404() throws Exception {
    Telemetry unscraped = FlowTelemetry.builder().meterRegistry(new SimpleMeterRegistry()).jvmMetrics(false).build();
    try (Flow f = flow(unscraped, GatewayConfig.builder())) {
      HttpResponse<String> r = get(http, "http://127.0.0.1:" + port(f) + "/metrics");
      assertEquals(404, r.statusCode());
      assertTrue(r.body().contains("no metrics scrape is configured"), r.body());
    }
  }

  @Test
  void theGatewaysTokensGuardTheEndpoint() throws Exception {
    BearerTokens tokens = BearerTokens.builder().dataTokens(Secret.of("data-secret-0123456789")).build();
    try (Flow f = flow(scraped, GatewayConfig.builder().authenticator(tokens))) {
      String url = "http://127.0.0.1:" + port(f) + "/metrics";
      HttpResponse<String> none = get(http, url);
      assertEquals(401, none.statusCode());
      assertEquals("Bearer realm=\"jflow\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
      assertTrue(none.body().contains("needs a bearer token"), none.body());
      assertEquals(401, get(http, url, "Authorization", "Bearer wrong").statusCode());
      assertEquals(200, get(http, url, "Authorization", "Bearer data-secret-0123456789").statusCode());
    }
  }

  @Test
  void aCallerWithoutARoleIsForbidden() throws Exception {
    Authenticator roleless = credentials -> Caller.of("visitor");
    try (Flow f = flow(scraped, GatewayConfig.builder().authenticator(roleless))) {
      HttpResponse<String> r = get(http, "http://127.0.0.1:" + port(f) + "/metrics");
      assertEquals(403, r.statusCode());
      assertTrue(r.body().contains("visitor"), r.body());
    }
  }

  @Test
  void aTlsGatewaysEndpointServesHttpsWithItsCertificate(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (Flow f = flow(scraped, GatewayConfig.builder().tls(certs.serverTls()))) {
      HttpClient trusting = HttpClient.newBuilder().connectTimeout(WAIT)
          .sslContext(Tls.forClient(certs.clientTls()).sslContext()).build();
      HttpResponse<String> r = get(trusting, "https://127.0.0.1:" + port(f) + "/metrics");
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("jvm_memory_used_bytes"));
      assertThrows(IOException.class, () -> get(http, "http://127.0.0.1:" + port(f) + "/metrics"), "no plaintext");
    }
  }

  @Test
  void aMutualTlsEndpointRefusesAClientWithoutACertificate(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (Flow f = flow(scraped, GatewayConfig.builder().tls(certs.mutualServerTls()))) {
      String url = "https://127.0.0.1:" + port(f) + "/metrics";
      HttpClient anonymous = HttpClient.newBuilder().connectTimeout(WAIT).sslContext(Tls.forClient(certs.clientTls()).sslContext()).build();
      assertThrows(IOException.class, () -> get(anonymous, url));
      HttpClient mutual = HttpClient.newBuilder().connectTimeout(WAIT).sslContext(Tls.forClient(certs.mutualClientTls()).sslContext()).build();
      assertEquals(200, get(mutual, url).statusCode());
    }
  }

  @Test
  void closingTheFlowFreesThePort() throws Exception {
    int port;
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      port = port(f);
      assertEquals(200, get(http, "http://127.0.0.1:" + port + "/metrics").statusCode());
    }
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, again.getLocalPort());
    }
  }

  @Test
  void aTakenPortFailsTheStartNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Flow flow = Flow.builder().name("monitored").gateway(GatewayConfig.builder().host("127.0.0.1")
          .monitoringPort(taken.getLocalPort()).build()).telemetry(scraped).add("tagger", TestExecutors.PathTagger::new).build();
      FlowException e = assertThrows(FlowException.class, flow::start);
      assertTrue(e.getMessage().contains("monitoring port " + taken.getLocalPort()), e.getMessage());
    }
  }

  @Test
  void aConfiguredPortIsTheOneServedAndNoneMeansNothingListens() throws Exception {
    int chosen = Ports.free();
    try (Flow f = Flow.builder().gateway(GatewayConfig.builder().host("127.0.0.1").monitoringPort(chosen).build()).telemetry(scraped)
        .add("tagger", TestExecutors.PathTagger::new).build().start()) {
      assertEquals(chosen, port(f));
      assertEquals(200, get(http, "http://127.0.0.1:" + chosen + "/metrics").statusCode());
    }
    try (Flow f = Flow.builder().gateway(GatewayConfig.builder().host("127.0.0.1").build()).telemetry(scraped)
        .add("tagger", TestExecutors.PathTagger::new).build().start()) {
      assertEquals(-1, port(f), "monitoringPort defaults to -1: none");
    }
  }
}

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
import dev.jflow.api.spi.Role;
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
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  void overMutualTlsTheAuthenticatorSeesTheClientsCertificateAndToken(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Authenticator byCertificate = c -> c.peer().filter(p -> p.equals("CN=test-client")).isPresent()
        && c.bearerToken().filter("t0ken"::equals).isPresent() ? Caller.of("scraper", Role.DATA) : Caller.of("stranger");
    try (Flow f = flow(scraped, GatewayConfig.builder().tls(certs.mutualServerTls()).authenticator(byCertificate))) {
      String url = "https://127.0.0.1:" + port(f) + "/metrics";
      HttpClient mutual = HttpClient.newBuilder().connectTimeout(WAIT).sslContext(Tls.forClient(certs.mutualClientTls()).sslContext()).build();
      assertEquals(200, get(mutual, url, "Authorization", "Bearer t0ken").statusCode());
      HttpResponse<String> noToken = get(mutual, url);
      assertEquals(403, noToken.statusCode());
      assertTrue(noToken.body().contains("stranger"), noToken.body());
    }
  }

  @Test
  void closingTheFlowFreesThePort() throws Exception {
    int port;
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      port = port(f);
      assertEquals(200, get(http, "http://127.0.0.1:" + port + "/metrics").statusCode());
    }
    // nothing listens there any more (connecting, not binding: a port picked by the system may be
    // reused at once as the local port of another process's outgoing connection)
    assertThrows(java.net.ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close());
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

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout((int) WAIT.plus(MonitoringServer.REQUEST_DEADLINE).toMillis());
    return s;
  }

  /** How long until the server ends {@code s}: its read sees the end of the stream or a reset. */
  private static Duration untilCut(Socket s, long startNanos) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (in.read() != -1) {
        // an answer to what was sent, if any; wait for the end
      }
    } catch (java.net.SocketTimeoutException e) {
      throw e; // not cut
    } catch (IOException reset) {
      // cut
    }
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String raw(int port, String request) throws IOException {
    try (Socket s = connect(port)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void connectionsThatSendNothingOrOneByteDoNotHoldUpAScrape() throws Exception {
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) { // more than a couple of workers: the JDK server stalled on two
          Socket s = connect(port(f));
          if (i % 2 == 0) {
            s.getOutputStream().write('G');
          }
          idle.add(s);
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(f) + "/metrics"))
            .timeout(MonitoringServer.REQUEST_DEADLINE.minusSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "answered before the idle connections' deadline");
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void moreStalledConnectionsThanTheServerTakesDelayAScrapeOnlyUntilTheirDeadline() throws Exception {
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      List<Socket> stalled = new ArrayList<>();
      try {
        long start = System.nanoTime();
        for (int i = 0; i < MonitoringServer.MAX_CONNECTIONS + 2; i++) {
          Socket s = connect(port(f));
          s.getOutputStream().write('G');
          stalled.add(s);
        }
        HttpResponse<String> r = get(http, "http://127.0.0.1:" + port(f) + "/metrics");
        assertEquals(200, r.statusCode());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(MonitoringServer.REQUEST_DEADLINE.multipliedBy(2)) < 0, "the scrape took " + took);
        for (Socket s : stalled) {
          Duration cut = untilCut(s, start);
          assertTrue(cut.compareTo(MonitoringServer.REQUEST_DEADLINE.multipliedBy(2).plusSeconds(2)) < 0, "cut after " + cut);
        }
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
    }
  }

  @Test
  void aConnectionDribblingAByteASecondIsCutAtTheRequestDeadline() throws Exception {
    ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    try (Flow f = flow(scraped, GatewayConfig.builder()); Socket s = connect(port(f))) {
      byte[] request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1);
      AtomicInteger sent = new AtomicInteger();
      long start = System.nanoTime();
      dribbler.scheduleAtFixedRate(() -> {
        try {
          s.getOutputStream().write(request[sent.getAndIncrement() % request.length]);
        } catch (IOException cut) {
          throw new IllegalStateException(cut); // ends the schedule
        }
      }, 0, 1, TimeUnit.SECONDS);
      Duration cut = untilCut(s, start);
      assertTrue(cut.compareTo(MonitoringServer.REQUEST_DEADLINE.plusSeconds(2)) < 0, "cut after " + cut);
      assertTrue(sent.get() < request.length, "cut before its request was complete, after " + sent.get() + " bytes");
      assertEquals(200, get(http, "http://127.0.0.1:" + port(f) + "/metrics").statusCode(), "and the port still serves");
    } finally {
      dribbler.shutdownNow();
    }
  }

  @Test
  void aTlsConnectionThatNeverHandshakesIsCutWhileOthersAreServed(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (Flow f = flow(scraped, GatewayConfig.builder().tls(certs.serverTls())); Socket silent = connect(port(f))) {
      long start = System.nanoTime();
      HttpClient trusting = HttpClient.newBuilder().connectTimeout(WAIT).sslContext(Tls.forClient(certs.clientTls()).sslContext()).build();
      assertEquals(200, get(trusting, "https://127.0.0.1:" + port(f) + "/metrics").statusCode());
      Duration cut = untilCut(silent, start);
      assertTrue(cut.compareTo(MonitoringServer.REQUEST_DEADLINE.plusSeconds(2)) < 0, "cut after " + cut);
    }
  }

  @Test
  void headAnswersWithoutABodyAndMalformedRequestsAre400() throws Exception {
    try (Flow f = flow(scraped, GatewayConfig.builder())) {
      String head = raw(port(f), "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      assertTrue(head.endsWith("\r\n\r\n"), "no body: " + head);
      assertTrue(head.contains("Connection: close\r\n"), head);
      assertTrue(head.contains("Content-Length: "), "the length of the body a GET gets: " + head);
      String garbage = raw(port(f), "HELLO\r\n\r\n");
      assertTrue(garbage.startsWith("HTTP/1.1 400 "), garbage);
      String big = raw(port(f), "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(HttpRequestHead.MAX_HEAD) + "\r\n\r\n");
      assertTrue(big.startsWith("HTTP/1.1 431 "), big);
      String h2 = raw(port(f), "PRI * HTTP/2.0\r\n\r\n");
      assertTrue(h2.startsWith("HTTP/1.1 505 "), h2);
    }
  }
}

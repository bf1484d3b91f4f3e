package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.Tls;
import dev.jflow.api.testing.TestCertificates;
import dev.jflow.core.testing.RecordingHandler;
import dev.jflow.core.testing.TestExecutors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jina's HTTP API over HTTPS on the websocket gateway's one port, driven by the JDK's HttpClient. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpsTest {
  @TempDir
  static Path dir;

  static TestCertificates certs;

  @BeforeAll
  static void make() {
    certs = TestCertificates.create(dir);
  }

  private static Flow flow(TlsConfig tls) {
    return Flow.builder().restful(true).host("127.0.0.1").tls(tls).add("tagger", TestExecutors.PathTagger::new).build().start();
  }

  private static HttpClient https(TlsConfig client) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .sslContext(Tls.forClient(client).sslContext()).build();
  }

  private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHttpApiAnswersOverHttpsAndPlainHttpIsToldToUseTls() throws Exception {
    try (Flow f = flow(certs.serverTls())) {
      int port = f.async().gatewayAddress().port();
      HttpResponse<String> status = https(certs.clientTls()).send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/status"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, status.statusCode(), status.body());
      HttpResponse<String> index = post(https(certs.clientTls()), "https://127.0.0.1:" + port + "/index", "{\"data\": [\"hello\"]}");
      assertEquals(200, index.statusCode(), index.body());
      assertTrue(index.body().contains("tagger"), index.body());

      HttpResponse<String> plain = post(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
          "http://127.0.0.1:" + port + "/index", "{\"data\": [\"hello\"]}");
      assertEquals(400, plain.statusCode());
      assertTrue(plain.body().contains("serves TLS") && plain.body().contains("https://"), plain.body());
    }
  }

  @Test
  void overMutualTlsAnHttpCallPresentsItsCertificatesSubjectToTheAuthenticator() throws Exception {
    List<String> peers = new CopyOnWriteArrayList<>();
    Authenticator recording = credentials -> {
      peers.add(credentials.peer().orElse("none"));
      return Caller.anonymous();
    };
    RecordingHandler handler = new RecordingHandler().scrape(() -> "jflow_up 1\n");
    GatewayServer server = new WebSocketTransportProvider().newGatewayServer(GatewayConfig.builder().protocol("websocket")
        .host("127.0.0.1").tls(certs.mutualServerTls()).authenticator(recording).build(), handler);
    server.start().get(30, TimeUnit.SECONDS);
    try {
      String base = "https://127.0.0.1:" + server.address().port();
      HttpResponse<String> metrics = https(certs.mutualClientTls()).send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode(), metrics.body());
      assertEquals(200, post(https(certs.mutualClientTls()), base + "/index", "{\"data\": [\"hello\"]}").statusCode());
      String subject = certs.client().certificate().getSubjectX500Principal().getName();
      assertEquals(List.of(subject, subject), peers, "the scrape and the call alike");
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void mutualTlsAdmitsOnlyClientsWithACertificateTheCaSigned() throws Exception {
    try (Flow f = flow(certs.mutualServerTls())) {
      String url = "https://127.0.0.1:" + f.async().gatewayAddress().port() + "/index";
      HttpResponse<String> in = post(https(certs.mutualClientTls()), url, "{\"data\": [\"hello\"]}");
      assertEquals(200, in.statusCode(), in.body());
      IOException refused = assertThrows(IOException.class, () -> post(https(certs.clientTls()), url, "{\"data\": [\"hello\"]}"));
      assertTrue(Tls.describe(refused) != null, "a TLS refusal: " + refused);
    }
  }
}

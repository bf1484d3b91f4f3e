package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Tls;
import dev.jflow.api.testing.TestCertificates;
import dev.jflow.core.testing.TestExecutors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

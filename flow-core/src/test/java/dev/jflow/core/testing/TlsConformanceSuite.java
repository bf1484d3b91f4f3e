package dev.jflow.core.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.testing.TestCertificates;
import dev.jflow.api.testing.TlsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as every networked transport serves it, written once: a transport's test extends this class and
 * names its protocol. Certificates are made for the test (see {@link TestCertificates}); each test runs
 * a real Flow whose gateway serves TLS on 127.0.0.1, and whose own calls go through it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TlsConformanceSuite {
  @TempDir
  static Path dir;

  /** Certificates shared by the tests that do not change them. */
  protected static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(dir);
  }

  /** The transport under test, by registry name. */
  protected abstract String protocol();

  /** A Flow tagging documents, served over the transport under test with {@code tls}. */
  protected FlowBuilder<Flow> flow(TlsConfig tls) {
    return Flow.builder().protocol(protocol()).host("127.0.0.1").tls(tls).add("tagger", TestExecutors.PathTagger::new);
  }

  /** A client of {@code flow}'s gateway connecting with {@code tls} (null: plaintext). */
  protected Client client(Flow flow, TlsConfig tls) {
    return Client.connect(ClientConfig.builder().protocol(protocol()).host("127.0.0.1")
        .port(flow.async().gatewayAddress().port()).tls(tls).build());
  }

  private static List<Document> docs() {
    return List.of(Document.withId("d1").text("hello"));
  }

  private static void assertTagged(List<Response> responses) {
    assertEquals(Status.Code.SUCCESS, responses.get(0).status().code(), responses.get(0).status().toString());
    assertEquals(List.of("tagger"), responses.get(0).docs().get(0).tags().get("path"));
  }

  /** The failure of one index call of {@code client}, which must fail within 5 s (a refusal is no hang). */
  private static FlowException failure(Client client) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> client.index(docs()).get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof FlowException, String.valueOf(e.getCause()));
    return (FlowException) e.getCause();
  }

  @Test
  void aTlsGatewayServesItsFlowAndClientsTrustingItsCa() {
    try (Flow f = flow(certs.serverTls()).build().start()) {
      assertTagged(f.index(docs()));
      assertEquals(certs.server().certificate(), TlsProbe.servedCertificate(f.async().gatewayAddress().port()),
          "the gateway presents its certificate");
      try (Client c = client(f, certs.clientTls())) {
        assertTagged(c.index(docs()).join());
      }
    }
  }

  @Test
  void mutualTlsLetsInTheFlowAndClientsTheCaSignedAndNoOthers() {
    try (Flow f = flow(certs.mutualServerTls()).build().start()) {
      assertTagged(f.index(docs()));
      try (Client c = client(f, certs.mutualClientTls())) {
        assertTagged(c.index(docs()).join());
      }
      try (Client anonymous = client(f, certs.clientTls())) {
        FlowException e = failure(anonymous);
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
      }
      TlsConfig foreign = certs.clientTls().toBuilder().certificate(certs.otherClient().certificateFile())
          .privateKey(certs.otherClient().keyFile()).build();
      try (Client stranger = client(f, foreign)) {
        FlowException e = failure(stranger);
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
      }
    }
  }

  @Test
  void optionalClientAuthLetsInClientsWithoutACertificateButNotWithAForeignOne() {
    TlsConfig optional = certs.mutualServerTls().toBuilder().clientAuth(TlsConfig.ClientAuth.OPTIONAL).build();
    try (Flow f = flow(optional).build().start(); Client anonymous = client(f, certs.clientTls());
         Client certified = client(f, certs.mutualClientTls())) {
      assertTagged(f.index(docs()));
      assertTagged(anonymous.index(docs()).join());
      assertTagged(certified.index(docs()).join());
      TlsConfig foreign = certs.clientTls().toBuilder().certificate(certs.otherClient().certificateFile())
          .privateKey(certs.otherClient().keyFile()).build();
      try (Client stranger = client(f, foreign)) {
        assertEquals(Status.Code.UNAVAILABLE, failure(stranger).code());
      }
    }
  }

  @Test
  void aPlaintextClientOfATlsGatewayFailsSayingTls() {
    try (Flow f = flow(certs.serverTls()).build().start(); Client plain = client(f, null)) {
      FlowException e = failure(plain);
      assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    }
  }

  @Test
  void aClientConnectingToOneAddressOfANameVerifiesTheName() throws Exception {
    java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
    try (Flow f = flow(certs.serverTls()).build().start()) {
      ClientConfig.Builder at = ClientConfig.builder().protocol(protocol()).address(loopback)
          .port(f.async().gatewayAddress().port()).tls(certs.clientTls());
      try (Client c = Client.connect(at.host("localhost").build())) {
        assertTagged(c.index(docs()).join());
      }
      // the certificate names 127.0.0.1 too: this fails only because the name, not the address, is checked
      try (Client c = Client.connect(at.host("elsewhere.test").build())) {
        FlowException e = failure(c);
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("elsewhere.test"), e.getMessage());
      }
    }
  }

  @Test
  void expiredAndForeignGatewayCertificatesFailClearly() {
    try (Flow f = flow(TlsConfig.server(certs.expired().certificateFile(), certs.expired().keyFile())).build().start();
         Client c = client(f, certs.clientTls())) {
      FlowException e = failure(c);
      assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }
    try (Flow f = flow(TlsConfig.server(certs.otherServer().certificateFile(), certs.otherServer().keyFile())).build().start();
         Client c = client(f, certs.clientTls())) {
      FlowException e = failure(c);
      assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("not signed by a CA this client trusts"), e.getMessage());
    }
  }

  @Test
  void badFilesFailTheStartNamingThem() {
    Path missing = dir.resolve("missing.crt");
    FlowException e = assertThrows(FlowException.class,
        () -> flow(TlsConfig.server(missing, certs.server().keyFile())).build().start());
    assertTrue(e.getMessage().contains(missing.toAbsolutePath() + ": file not found"), e.getMessage());
  }

  @Test
  void aRenewedCertificateIsServedToNewConnectionsWithoutARestart(@TempDir Path own) {
    TestCertificates mine = TestCertificates.create(own);
    try (Flow f = flow(mine.serverTls()).build().start(); Client c = client(f, mine.clientTls())) {
      int port = f.async().gatewayAddress().port();
      assertEquals(mine.server().serial(), TlsProbe.servedCertificate(port).getSerialNumber());
      TestCertificates.Issued renewed = mine.renewServer();
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> TlsProbe.servedCertificate(port).getSerialNumber().equals(renewed.serial()));
      assertTagged(f.index(docs()));
      assertTagged(c.index(docs()).join());
      try (Client fresh = client(f, mine.clientTls())) {
        assertTagged(fresh.index(docs()).join());
      }
    }
  }
}

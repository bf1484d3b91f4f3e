package dev.jflow.api.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Tls;
import dev.jflow.api.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The managers of {@link Tls} in real JDK handshakes: who gets in, who does not, and what the failures say. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeTest {
  @TempDir
  static Path dir;

  static TestCertificates certs;
  static SSLServerSocket mutual;

  @BeforeAll
  static void serve() throws IOException {
    certs = TestCertificates.create(dir);
    mutual = serve(Tls.forServer(certs.mutualServerTls()));
  }

  @AfterAll
  static void close() throws IOException {
    mutual.close();
  }

  /** A server answering each connection with one byte after the handshake, on its own daemon thread. */
  private static SSLServerSocket serve(Tls tls) throws IOException {
    SSLServerSocket s = (SSLServerSocket) tls.sslContext().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(tls.clientAuth() == TlsConfig.ClientAuth.REQUIRE);
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try (SSLSocket c = (SSLSocket) s.accept()) {
          c.setSoTimeout(5_000);
          c.getOutputStream().write(42);
          c.getOutputStream().flush();
        } catch (IOException e) {
          // a refused client: go on with the next
        }
      }
    }, "handshake-test-server");
    t.setDaemon(true);
    t.start();
    return s;
  }

  /** Connects with {@code client} and reads the byte; returns null when that worked, else why not in words. */
  private static String connect(SSLServerSocket server, TlsConfig client) {
    SSLContext c = Tls.forClient(client).sslContext();
    try (SSLSocket s = (SSLSocket) c.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      s.setSoTimeout(5_000);
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.startHandshake();
      int b = s.getInputStream().read();
      return b == 42 ? null : "the server closed the connection (" + b + ")";
    } catch (IOException e) {
      String d = Tls.describe(e);
      return d != null ? d : e.toString();
    }
  }

  @Test
  void aClientWithACertificateTheCaSignedGetsIn() {
    assertNull(connect(mutual, certs.mutualClientTls()));
  }

  @Test
  void theGatewaysOwnClientGetsInWithoutCaOrHostName() {
    assertNull(connect(mutual, Loopback.clientOf(certs.mutualServerTls())));
  }

  /**
   * In TLS 1.3 the server refuses a client certificate after the client's side of the handshake is
   * done; its alert usually arrives, but the server's close may reset the connection first.
   */
  private static boolean refused(String why) {
    return why != null && (why.contains("TLS handshake failed") || why.contains("Broken pipe") || why.contains("reset"));
  }

  @Test
  void clientsWithoutACertificateOrWithAForeignOneAreRefused() {
    String none = connect(mutual, certs.clientTls());
    assertTrue(refused(none), none);
    String foreign = connect(mutual, certs.clientTls().toBuilder()
        .certificate(certs.otherClient().certificateFile()).privateKey(certs.otherClient().keyFile()).build());
    assertTrue(refused(foreign), foreign);
  }

  @Test
  void expiredAndForeignGatewayCertificatesAreRefusedSayingWhy() throws IOException {
    try (SSLServerSocket expired = serve(Tls.forServer(TlsConfig.server(certs.expired().certificateFile(), certs.expired().keyFile())));
         SSLServerSocket foreign = serve(Tls.forServer(TlsConfig.server(certs.otherServer().certificateFile(), certs.otherServer().keyFile())))) {
      String e = connect(expired, certs.clientTls());
      assertTrue(e != null && e.contains("expired"), e);
      String f = connect(foreign, certs.clientTls());
      assertTrue(f != null && f.contains("not signed by a CA this client trusts"), f);
      assertEquals(null, connect(foreign, TlsConfig.client(certs.otherCa())), "its own CA trusts it");
    }
  }
}

package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TlsConfigTest {
  private static final Path CERT = Path.of("cert.pem");
  private static final Path KEY = Path.of("key.pem");

  @Test
  void defaultsAreNoFilesAndNoClientAuth() {
    TlsConfig t = TlsConfig.builder().build();
    assertNull(t.certificate());
    assertNull(t.ca());
    assertEquals(TlsConfig.ClientAuth.NONE, t.clientAuth());
    assertFalse(t.hasKeyMaterial());
    assertTrue(TlsConfig.server(CERT, KEY).hasKeyMaterial());
    assertEquals(TlsConfig.ClientAuth.NONE, TlsConfig.builder().clientAuth(null).build().clientAuth());
  }

  @Test
  void everyInconsistentSettingIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> TlsConfig.builder().certificate(CERT)
        .keyStore(Path.of("ks.p12")).keyStorePasswordEnv("not a name").clientAuth(TlsConfig.ClientAuth.REQUIRE).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    String m = e.getMessage();
    assertTrue(m.contains("certificate and privateKey go together"), m);
    assertTrue(m.contains("not both"), m);
    assertTrue(m.contains("keyStorePasswordEnv must name an environment variable"), m);
    assertTrue(m.contains("clientAuth REQUIRE needs ca"), m);
  }

  @Test
  void aKeyStoreNeedsExactlyOnePasswordSource() {
    assertThrows(FlowException.class, () -> TlsConfig.builder().keyStore(Path.of("ks.p12")).build());
    assertThrows(FlowException.class, () -> TlsConfig.builder().keyStore(Path.of("ks.p12"))
        .keyStorePasswordEnv("PW").keyStorePasswordFile(Path.of("pw")).build());
    assertThrows(FlowException.class, () -> TlsConfig.builder().keyStorePasswordEnv("PW").build());
    TlsConfig ok = TlsConfig.builder().keyStore(Path.of("ks.p12")).keyStorePasswordEnv("PW").build();
    assertTrue(ok.hasKeyMaterial());
    assertFalse(ok.toString().contains("secret"));
  }

  @Test
  void equalityAndToBuilderKeepEveryField() {
    TlsConfig t = TlsConfig.server(CERT, KEY).toBuilder().ca(Path.of("ca.pem")).clientAuth(TlsConfig.ClientAuth.OPTIONAL).build();
    assertEquals(t, t.toBuilder().build());
    assertEquals(t.hashCode(), t.toBuilder().build().hashCode());
    assertFalse(t.equals(t.toBuilder().clientAuth(TlsConfig.ClientAuth.REQUIRE).build()));
  }

  @Test
  void aGatewayNeedsACertificateAndConfigsCarryTls() {
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().tls(TlsConfig.client(CERT)).build());
    assertTrue(e.getMessage().contains("tls needs the gateway's certificate"), e.getMessage());
    TlsConfig server = TlsConfig.server(CERT, KEY);
    GatewayConfig g = GatewayConfig.builder().tls(server).build();
    assertEquals(server, g.tls());
    assertEquals(server, g.withPort(5).tls(), "with... keeps TLS");
    assertFalse(g.equals(GatewayConfig.defaults()));
    ClientConfig c = ClientConfig.builder().host("h").tls(TlsConfig.client(CERT)).build();
    assertEquals(TlsConfig.client(CERT), c.toBuilder().build().tls());
    assertFalse(c.equals(ClientConfig.builder().host("h").build()));
  }

  @Test
  void tlsIsForRemotePodsOnly() {
    FlowException e = assertThrows(FlowException.class, () -> PodSpec.builder("p").tls(TlsConfig.client(CERT)).build());
    assertTrue(e.getMessage().contains("tls is for remote pods"), e.getMessage());
    PodSpec remote = PodSpec.builder("p").host("example.org:443").tls(TlsConfig.client(CERT)).build();
    assertEquals(TlsConfig.client(CERT), remote.tls());
    assertEquals(remote, remote.toBuilder().build());
    assertEquals(TlsConfig.client(CERT), PodSpec.builder("q").uses("grpc://h:1").tls(TlsConfig.client(CERT)).build().tls());
  }
}

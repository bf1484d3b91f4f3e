package dev.jflow.api.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Tls;
import dev.jflow.api.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Tls} says about files it cannot use: every problem at once, each naming its file. */
class TlsFilesCheckTest {
  @TempDir
  static Path dir;

  static TestCertificates certs;

  @BeforeAll
  static void make() {
    certs = TestCertificates.create(dir);
  }

  private static String failure(Runnable r) {
    FlowException e = assertThrows(FlowException.class, r::run);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    return e.getMessage();
  }

  @Test
  void missingFilesAreNamedAllAtOnce() {
    Path cert = dir.resolve("nope.crt");
    Path ca = dir.resolve("nope-ca.pem");
    String m = failure(() -> Tls.forServer(TlsConfig.builder().certificate(cert).privateKey(certs.server().keyFile())
        .ca(ca).clientAuth(TlsConfig.ClientAuth.REQUIRE).build()));
    assertTrue(m.contains(cert.toAbsolutePath() + ": file not found"), m);
    assertTrue(m.contains(ca.toAbsolutePath() + ": file not found"), m);
  }

  @Test
  void aKeyIsNotACertificateAndAForeignKeyDoesNotMatch() {
    String notCert = failure(() -> Tls.forServer(TlsConfig.server(certs.server().keyFile(), certs.server().keyFile())));
    assertTrue(notCert.contains(certs.server().keyFile().toAbsolutePath() + ": it holds no PEM certificate"), notCert);
    String mismatch = failure(() -> Tls.forServer(TlsConfig.server(certs.server().certificateFile(), certs.client().keyFile())));
    assertTrue(mismatch.contains(certs.client().keyFile().toAbsolutePath() + ": this private key does not match the certificate in "
        + certs.server().certificateFile().toAbsolutePath()), mismatch);
    String badCa = failure(() -> Tls.forClient(TlsConfig.client(certs.server().keyFile())));
    assertTrue(badCa.contains("it holds no PEM certificate"), badCa);
  }

  @Test
  void aKeyStoreIsReadWithThePasswordFromItsFile() throws Exception {
    Path ks = certs.keyStore(certs.server(), "gateway", "s3cret".toCharArray());
    Path password = Files.writeString(dir.resolve("password.txt"), "s3cret\n");
    Tls tls = Tls.forServer(TlsConfig.builder().keyStore(ks).keyStorePasswordFile(password).build());
    assertEquals(certs.server().certificate(), tls.keyManager().getCertificateChain(tls.keyManager().chooseServerAlias("EC", null, null))[0]);

    Path wrong = Files.writeString(dir.resolve("wrong.txt"), "guess\n");
    String m = failure(() -> Tls.forServer(TlsConfig.builder().keyStore(ks).keyStorePasswordFile(wrong).build()));
    assertTrue(m.contains(ks.toAbsolutePath() + ": wrong keystore password"), m);
    String env = failure(() -> Tls.forServer(TlsConfig.builder().keyStore(ks).keyStorePasswordEnv("JFLOW_TEST_SURELY_UNSET_PW").build()));
    assertTrue(env.contains("environment variable JFLOW_TEST_SURELY_UNSET_PW is not set"), env);
  }

  @Test
  void aClientWithoutCaTrustsTheJdkAndOneWithoutCertificateHasNoKeys() {
    Tls plain = Tls.forClient(TlsConfig.builder().build());
    assertNull(plain.keyManager());
    assertNotNull(plain.trustManager());
    assertTrue(plain.trustManager().getAcceptedIssuers().length > 0, "the JDK's CAs");
    String m = failure(() -> Tls.forServer(TlsConfig.client(certs.ca())));
    assertTrue(m.contains("a gateway needs a certificate"), m);
  }
}

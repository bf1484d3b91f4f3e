package dev.jflow.api.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.TlsConfig;
import dev.jflow.api.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key material follows its files, looking at them at most once a second, and keeps what works when they break. */
class ReloadingTest {
  private final AtomicLong clock = new AtomicLong();
  private final List<LogRecord> warnings = new ArrayList<>();
  private final Logger log = Logger.getLogger("dev.jflow.tls");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        synchronized (warnings) {
          warnings.add(r);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    log.addHandler(capture);
  }

  @AfterEach
  void stop() {
    log.removeHandler(capture);
  }

  private ReloadingKeyManager keyManager(TlsConfig c) {
    return new ReloadingKeyManager(new Reloading<>("certificate", KeyMaterial.files(c), () -> KeyMaterial.load(c), clock::get));
  }

  private static X509Certificate served(ReloadingKeyManager km) {
    return km.getCertificateChain(km.chooseEngineServerAlias("EC", null, null))[0];
  }

  @Test
  void aRenewedCertificateIsServedOnceASecondHasPassed(@TempDir Path dir) {
    TestCertificates certs = TestCertificates.create(dir);
    ReloadingKeyManager km = keyManager(certs.serverTls());
    X509Certificate first = served(km);
    assertEquals(certs.server().certificate(), first);

    TestCertificates.Issued renewed = certs.renewServer();
    assertEquals(first, served(km), "the files are looked at no more than once a second");
    clock.addAndGet(Reloading.CHECK_NANOS);
    assertEquals(renewed.certificate(), served(km), "the renewed certificate is served after the next check");
    assertTrue(km.isOwn(first) && km.isOwn(renewed.certificate()), "a handshake that began before the reload still finds its material");
  }

  @Test
  void aRenewalPresentedByThePeerIsRecognisedBeforeTheNextCheckIsDue(@TempDir Path dir) {
    TestCertificates certs = TestCertificates.create(dir);
    ReloadingKeyManager km = keyManager(certs.serverTls());
    TestCertificates.Issued renewed = certs.renewServer();
    assertTrue(km.isOwn(renewed.certificate()), "the Flow's own client may have read the renewal first");
    assertFalse(km.isOwn(certs.client().certificate()), "another subject is never its own");
  }

  @Test
  void aBrokenNewFileKeepsThePreviousCertificateWithOneWarning(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    ReloadingKeyManager km = keyManager(certs.serverTls());
    X509Certificate good = served(km);

    Files.writeString(certs.server().certificateFile(), "not a certificate");
    for (int i = 0; i < 3; i++) {
      clock.addAndGet(Reloading.CHECK_NANOS);
      assertEquals(good, served(km), "the broken file is not used");
    }
    assertEquals(1, warnings.size(), "one warning for one change: " + warnings);
    String m = warnings.get(0).getMessage();
    assertTrue(m.contains("certificate changed but the new files cannot be used") && m.contains("no PEM certificate")
        && m.contains(certs.server().certificateFile().toAbsolutePath().toString()), m);

    TestCertificates.Issued renewed = certs.renewServer();
    clock.addAndGet(Reloading.CHECK_NANOS);
    assertEquals(renewed.certificate(), served(km), "fixed files are used at the next check");
    assertEquals(1, warnings.size());
  }

  @Test
  void aKeyManagerOffersItsKeyOnlyForItsKeyType(@TempDir Path dir) {
    ReloadingKeyManager km = keyManager(TestCertificates.create(dir).serverTls());
    assertFalse(km.chooseEngineServerAlias("RSA", null, null) != null);
    assertTrue(km.chooseEngineServerAlias("EC", null, null) != null);
    assertTrue(km.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null) != null);
    assertTrue(ReloadingKeyManager.fits("EC_RSA", "EC") && ReloadingKeyManager.fits("EdDSA", "Ed25519"));
  }
}

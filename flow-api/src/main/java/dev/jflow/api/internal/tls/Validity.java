package dev.jflow.api.internal.tls;

import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Warns about certificates outside their validity period: peers will refuse them, so say so when they are read. */
final class Validity {
  static final System.Logger LOG = System.getLogger("dev.jflow.tls");

  private Validity() {}

  static void warn(Path file, List<X509Certificate> certificates) {
    for (X509Certificate c : certificates) {
      try {
        c.checkValidity();
      } catch (CertificateExpiredException e) {
        LOG.log(System.Logger.Level.WARNING, "TLS: the certificate " + c.getSubjectX500Principal().getName() + " in "
            + file.toAbsolutePath() + " expired on " + c.getNotAfter().toInstant() + "; peers will refuse it");
      } catch (CertificateNotYetValidException e) {
        LOG.log(System.Logger.Level.WARNING, "TLS: the certificate " + c.getSubjectX500Principal().getName() + " in "
            + file.toAbsolutePath() + " is not valid before " + c.getNotBefore().toInstant() + "; peers will refuse it until then");
      }
    }
  }
}

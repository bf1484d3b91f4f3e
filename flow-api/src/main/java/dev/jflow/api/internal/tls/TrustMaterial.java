package dev.jflow.api.internal.tls;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The JDK's PKIX trust manager over the CA certificates of one PEM file, or over the JDK's own CAs. */
final class TrustMaterial {
  private TrustMaterial() {}

  /**
   * A trust manager trusting what the CAs in {@code caFile} signed.
   *
   * @throws FlowException INVALID_ARGUMENT naming the file and what is wrong with it
   */
  static X509ExtendedTrustManager load(Path caFile) {
    List<X509Certificate> cas;
    try {
      cas = Pem.certificates(TlsFiles.text(caFile));
    } catch (IllegalArgumentException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "TLS: " + TlsFiles.problem(caFile, e.getMessage()));
    }
    Validity.warn(caFile, cas);
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return of(ks);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "TLS: " + TlsFiles.problem(caFile, "cannot trust its certificates: " + e.getMessage()), e);
    }
  }

  /** The JDK's default trust manager (its {@code cacerts}). */
  static X509ExtendedTrustManager jdkDefault() {
    try {
      return of(null);
    } catch (GeneralSecurityException e) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "TLS: the JDK's trusted CAs cannot be loaded: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager of(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager) {
        return (X509ExtendedTrustManager) tm;
      }
    }
    throw new GeneralSecurityException("the JDK gave no X.509 trust manager");
  }
}

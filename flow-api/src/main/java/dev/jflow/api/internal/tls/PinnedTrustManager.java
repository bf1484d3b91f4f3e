package dev.jflow.api.internal.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust of a Flow's client of its own gateway: exactly the gateway's certificate, read from the
 * same files, and no host name check (the client connects to a loopback address the certificate need
 * not name). Being an extended trust manager, JSSE adds no host name check of its own.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final ReloadingKeyManager gateway;

  PinnedTrustManager(ReloadingKeyManager gateway) {
    this.gateway = gateway;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0 || !gateway.isOwn(chain[0])) {
      throw new CertificateException("the server is not this Flow's own gateway: its certificate is not "
          + gateway.certificate().getSubjectX500Principal().getName() + " (serial " + gateway.certificate().getSerialNumber().toString(16) + ")");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("a Flow's own client accepts no clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("a Flow's own client accepts no clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a Flow's own client accepts no clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}

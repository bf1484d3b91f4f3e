package dev.jflow.api.internal.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager over a CA file, read again when the file changes (see {@link Reloading}).
 * A gateway's trust manager also accepts the gateway's own certificate from a client: that client is
 * its Flow's own, which holds the same key.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private final Reloading<X509ExtendedTrustManager> trust;
  private final Predicate<X509Certificate> own;

  private ReloadingTrustManager(Reloading<X509ExtendedTrustManager> trust, Predicate<X509Certificate> own) {
    this.trust = trust;
    this.own = own;
  }

  /**
   * Trusts what the CAs in {@code caFile} signed.
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT naming the file when it cannot be used
   */
  public static ReloadingTrustManager of(Path caFile) {
    return new ReloadingTrustManager(new Reloading<>("CA certificates", List.of(caFile), () -> TrustMaterial.load(caFile)), c -> false);
  }

  /** Trusts what the CAs in {@code caFile} signed, and clients presenting the certificate of {@code gateway}. */
  public static ReloadingTrustManager of(Path caFile, ReloadingKeyManager gateway) {
    return new ReloadingTrustManager(new Reloading<>("CA certificates", List.of(caFile), () -> TrustMaterial.load(caFile)),
        gateway::isOwn);
  }

  private boolean isOwn(X509Certificate[] chain) {
    return chain != null && chain.length > 0 && own.test(chain[0]);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    if (!isOwn(chain)) {
      trust.current().checkClientTrusted(chain, authType, socket);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    if (!isOwn(chain)) {
      trust.current().checkClientTrusted(chain, authType, engine);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (!isOwn(chain)) {
      trust.current().checkClientTrusted(chain, authType);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    trust.current().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    trust.current().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    trust.current().checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.current().getAcceptedIssuers();
  }
}

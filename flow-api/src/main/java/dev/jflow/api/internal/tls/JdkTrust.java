package dev.jflow.api.internal.tls;

import javax.net.ssl.X509ExtendedTrustManager;

/** The JDK's own trust in public CAs, for clients given no CA file; made once. */
public final class JdkTrust {
  private static volatile X509ExtendedTrustManager instance;

  private JdkTrust() {}

  /** The JDK's default trust manager. */
  public static X509ExtendedTrustManager get() {
    X509ExtendedTrustManager t = instance;
    if (t == null) {
      instance = t = TrustMaterial.jdkDefault();
    }
    return t;
  }
}

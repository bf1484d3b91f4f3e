package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.internal.tls.ReloadingKeyManager;
import dev.jflow.api.internal.tls.ReloadingTrustManager;
import dev.jflow.api.internal.tls.TlsFailures;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A transport's TLS, made from a {@link TlsConfig}: a key manager and a trust manager that read their
 * files again when they change (checked at most once a second, as handshakes happen; files that cannot
 * be used keep the previous material and log one warning), so every transport renews certificates
 * without a restart. Hand {@link #keyManager()} and {@link #trustManager()} to the transport's TLS
 * library, or use {@link #sslContext()}.
 */
public final class Tls {
  /** What a plaintext client adds to a connection failure: the gateway may want TLS. */
  public static final String PLAINTEXT_HINT = "if the gateway serves TLS, connect with TLS: ClientConfig tls, jflow --tls-ca";

  /**
   * What a TLS client adds to a connection cut without a TLS reason: a gateway refusing a client
   * certificate may reset the connection before its alert arrives.
   */
  public static final String MUTUAL_HINT = "a gateway requiring client certificates (mutual TLS) cuts connections without one "
      + "its CA signed: ClientConfig tls certificate and privateKey, jflow --tls-cert and --tls-key";

  private final X509ExtendedKeyManager keyManager;
  private final X509TrustManager trustManager;
  private final TlsConfig.ClientAuth clientAuth;

  private Tls(X509ExtendedKeyManager keyManager, X509TrustManager trustManager, TlsConfig.ClientAuth clientAuth) {
    this.keyManager = keyManager;
    this.trustManager = trustManager;
    this.clientAuth = clientAuth;
  }

  /**
   * A gateway's TLS: its certificate and, when it asks clients for theirs, the CAs it trusts them
   * from. The gateway also accepts its own certificate from a client (its Flow's own calls).
   *
   * @throws FlowException INVALID_ARGUMENT naming every file that cannot be used, or when no certificate is set
   */
  public static Tls forServer(TlsConfig config) {
    if (!config.hasKeyMaterial()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "TLS: a gateway needs a certificate and private key, or a keystore");
    }
    List<String> problems = new ArrayList<>();
    ReloadingKeyManager keys = keys(config, problems);
    X509TrustManager trust = null;
    if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
      if (config.trustManager() != null) {
        trust = config.trustManager();
      } else if (keys != null) {
        trust = trust(() -> ReloadingTrustManager.of(config.ca(), keys), problems);
      } else {
        trust(() -> ReloadingTrustManager.of(config.ca()), problems); // to report its problems too
      }
    }
    fail(problems);
    return new Tls(keys, trust, config.clientAuth());
  }

  /**
   * A client's TLS: the CAs it trusts gateways from (the JDK's when none are set) and, for mutual TLS,
   * its certificate.
   *
   * @throws FlowException INVALID_ARGUMENT naming every file that cannot be used
   */
  public static Tls forClient(TlsConfig config) {
    List<String> problems = new ArrayList<>();
    ReloadingKeyManager keys = config.hasKeyMaterial() ? keys(config, problems) : null;
    X509TrustManager trust = config.trustManager() != null ? config.trustManager()
        : config.ca() != null ? trust(() -> ReloadingTrustManager.of(config.ca()), problems)
        : dev.jflow.api.internal.tls.JdkTrust.get();
    fail(problems);
    return new Tls(keys, trust, TlsConfig.ClientAuth.NONE);
  }

  private static ReloadingKeyManager keys(TlsConfig config, List<String> problems) {
    try {
      return ReloadingKeyManager.of(config);
    } catch (FlowException e) {
      problems.add(e.status().description());
      return null;
    }
  }

  private static X509TrustManager trust(java.util.function.Supplier<X509TrustManager> make, List<String> problems) {
    try {
      return make.get();
    } catch (FlowException e) {
      problems.add(e.status().description());
      return null;
    }
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, String.join("; ", problems));
    }
  }

  /** The key manager of this side's certificate; null for a client without one. */
  public X509ExtendedKeyManager keyManager() {
    return keyManager;
  }

  /** The trust manager: a client's trust in gateways; a gateway's in client certificates, null when it asks for none. */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** Whether a gateway asks clients for a certificate; NONE for clients. */
  public TlsConfig.ClientAuth clientAuth() {
    return clientAuth;
  }

  /** A TLS {@link SSLContext} over {@link #keyManager()} and {@link #trustManager()}. */
  public SSLContext sslContext() {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(keyManager == null ? null : new KeyManager[] {keyManager},
          trustManager == null ? null : new TrustManager[] {trustManager}, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new FlowException(Status.Code.INTERNAL, "TLS: the JDK cannot make a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Why a connection failed, in words, when one of {@code failure}'s causes is a TLS failure (an
   * expired or untrusted certificate, a refused client certificate, a peer that does not speak TLS);
   * null otherwise.
   */
  public static String describe(Throwable failure) {
    return TlsFailures.describe(failure);
  }
}

package dev.jflow.api.internal.tls;

import dev.jflow.api.TlsConfig;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager with one key and chain, read again from its files when they change (see
 * {@link Reloading}): each handshake takes the current material. It offers its key whatever issuers the
 * peer asks for, so a peer that does not trust it says so rather than seeing no certificate.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private final Reloading<KeyMaterial> keys;

  ReloadingKeyManager(Reloading<KeyMaterial> keys) {
    this.keys = keys;
  }

  /**
   * The key manager of {@code config}'s certificate and key.
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT naming the files that cannot be used
   */
  public static ReloadingKeyManager of(TlsConfig config) {
    return new ReloadingKeyManager(new Reloading<>("certificate", KeyMaterial.files(config), () -> KeyMaterial.load(config)));
  }

  /** The certificate handshakes use now. */
  public X509Certificate certificate() {
    return keys.current().leaf();
  }

  /**
   * Whether {@code cert} is this manager's certificate, now or before its last reload. A certificate of
   * the same subject may be the renewal this manager has not looked for yet, so the files are looked at
   * once more before saying no; other certificates (every other client's) cost no file access.
   */
  boolean isOwn(X509Certificate cert) {
    if (matches(cert)) {
      return true;
    }
    boolean maybeRenewed = cert.getSubjectX500Principal().equals(keys.peek().leaf().getSubjectX500Principal());
    return maybeRenewed && keys.check() && matches(cert);
  }

  private boolean matches(X509Certificate cert) {
    KeyMaterial c = keys.current();
    KeyMaterial p = keys.previous();
    return cert.equals(c.leaf()) || (p != null && cert.equals(p.leaf()));
  }

  private String alias(String keyType) {
    KeyMaterial k = keys.current();
    return fits(keyType, k.key.getAlgorithm()) ? k.alias : null;
  }

  private String alias(String[] keyTypes) {
    for (String t : keyTypes) {
      String a = alias(t);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  /** JSSE asks for key types such as {@code RSA}, {@code EC}, {@code EdDSA} or, in TLS 1.2, {@code EC_RSA}. */
  static boolean fits(String keyType, String keyAlgorithm) {
    String t = keyType.contains("_") ? keyType.substring(0, keyType.indexOf('_')) : keyType;
    String k = keyAlgorithm.equals("Ed25519") || keyAlgorithm.equals("Ed448") ? "EdDSA" : keyAlgorithm;
    return t.equalsIgnoreCase(k);
  }

  private KeyMaterial material(String alias) {
    KeyMaterial c = keys.peek();
    if (c.alias.equals(alias)) {
      return c;
    }
    KeyMaterial p = keys.previous();
    return p != null && p.alias.equals(alias) ? p : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String a = alias(keyType);
    return a == null ? null : new String[] {a};
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    KeyMaterial k = material(alias);
    return k == null ? null : k.chain.clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    KeyMaterial k = material(alias);
    return k == null ? null : k.key;
  }
}

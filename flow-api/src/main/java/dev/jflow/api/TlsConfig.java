package dev.jflow.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for a gateway, a client or a remote pod. Immutable; build with {@link #builder()}, or use
 * {@link #server(Path, Path)} and {@link #client(Path)}.
 *
 * <p>A gateway needs its certificate: a PEM chain and its PEM private key, or a PKCS#12 keystore whose
 * password comes from a file or an environment variable. With {@link #clientAuth()} OPTIONAL or
 * REQUIRE it asks clients for certificates signed by {@link #ca()} (mutual TLS). A client trusts
 * gateways whose certificate {@link #ca()} signed (the JDK's trusted CAs when unset) and presents its
 * own certificate when it has one. Files are read when a transport starts, which reports every
 * problem at once naming the file; certificates, keys and CA files are read again when they change
 * (checked at most once a second, as connections are made), so renewing them needs no restart.
 * In-process transports ignore TLS.
 */
public final class TlsConfig {

  /** Whether a gateway asks clients for a certificate. */
  public enum ClientAuth {
    /** Clients are not asked for a certificate (the default). */
    NONE,
    /** Clients are asked; a client without one is let in, one with a certificate the CA did not sign is refused. */
    OPTIONAL,
    /** Clients must present a certificate signed by the CA (mutual TLS). */
    REQUIRE
  }

  private final Path certificate;
  private final Path privateKey;
  private final Path keyStore;
  private final Path keyStorePasswordFile;
  private final String keyStorePasswordEnv;
  private final Path ca;
  private final ClientAuth clientAuth;
  private final X509TrustManager trustManager;

  private TlsConfig(Builder b) {
    this.certificate = b.certificate;
    this.privateKey = b.privateKey;
    this.keyStore = b.keyStore;
    this.keyStorePasswordFile = b.keyStorePasswordFile;
    this.keyStorePasswordEnv = b.keyStorePasswordEnv;
    this.ca = b.ca;
    this.clientAuth = b.clientAuth == null ? ClientAuth.NONE : b.clientAuth;
    this.trustManager = b.trustManager;
  }

  /** A builder starting from the defaults: no files, client authentication NONE. */
  public static Builder builder() {
    return new Builder();
  }

  /** A gateway's TLS: its certificate chain and private key, both PEM files. */
  public static TlsConfig server(Path certificate, Path privateKey) {
    return builder().certificate(certificate).privateKey(privateKey).build();
  }

  /** A client's TLS trusting gateways whose certificates the CAs in the PEM file {@code ca} signed. */
  public static TlsConfig client(Path ca) {
    return builder().ca(ca).build();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.certificate = certificate;
    b.privateKey = privateKey;
    b.keyStore = keyStore;
    b.keyStorePasswordFile = keyStorePasswordFile;
    b.keyStorePasswordEnv = keyStorePasswordEnv;
    b.ca = ca;
    b.clientAuth = clientAuth;
    b.trustManager = trustManager;
    return b;
  }

  /** The PEM certificate chain, leaf first, or null (the default). */
  public Path certificate() {
    return certificate;
  }

  /** The PEM private key of {@link #certificate()}, or null (the default). */
  public Path privateKey() {
    return privateKey;
  }

  /** The PKCS#12 keystore holding the private key and its chain, or null (the default). */
  public Path keyStore() {
    return keyStore;
  }

  /** The file whose first line is the keystore's password, or null (the default). */
  public Path keyStorePasswordFile() {
    return keyStorePasswordFile;
  }

  /** The environment variable holding the keystore's password, or null (the default). */
  public String keyStorePasswordEnv() {
    return keyStorePasswordEnv;
  }

  /** The PEM file of trusted CA certificates, or null (the default: the JDK's CAs for a client, none for a gateway). */
  public Path ca() {
    return ca;
  }

  /** Whether a gateway asks clients for a certificate; NONE by default. Clients ignore it. */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** A trust manager used instead of {@link #ca()}, or null (the default). */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** Whether a certificate and key (PEM files or a keystore) are set: a gateway needs them, a client presents them. */
  public boolean hasKeyMaterial() {
    return certificate != null || keyStore != null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TlsConfig)) {
      return false;
    }
    TlsConfig t = (TlsConfig) o;
    return Objects.equals(certificate, t.certificate) && Objects.equals(privateKey, t.privateKey)
        && Objects.equals(keyStore, t.keyStore) && Objects.equals(keyStorePasswordFile, t.keyStorePasswordFile)
        && Objects.equals(keyStorePasswordEnv, t.keyStorePasswordEnv) && Objects.equals(ca, t.ca)
        && clientAuth == t.clientAuth && trustManager == t.trustManager;
  }

  @Override
  public int hashCode() {
    return Objects.hash(certificate, privateKey, keyStore, keyStorePasswordFile, keyStorePasswordEnv, ca, clientAuth,
        trustManager == null ? 0 : System.identityHashCode(trustManager));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TlsConfig{");
    if (certificate != null) {
      s.append("certificate=").append(certificate).append(", privateKey=").append(privateKey).append(", ");
    }
    if (keyStore != null) {
      s.append("keyStore=").append(keyStore).append(", password from ")
          .append(keyStorePasswordFile != null ? "file " + keyStorePasswordFile : "$" + keyStorePasswordEnv).append(", ");
    }
    if (ca != null) {
      s.append("ca=").append(ca).append(", ");
    }
    if (trustManager != null) {
      s.append("trustManager=").append(trustManager.getClass().getName()).append(", ");
    }
    return s.append("clientAuth=").append(clientAuth).append('}').toString();
  }

  /** Builds a {@link TlsConfig}; {@link #build()} reports every inconsistent setting at once. Files are checked when used. */
  public static final class Builder {
    private Path certificate;
    private Path privateKey;
    private Path keyStore;
    private Path keyStorePasswordFile;
    private String keyStorePasswordEnv;
    private Path ca;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private X509TrustManager trustManager;

    private Builder() {}

    /** The PEM certificate chain, leaf first; goes with {@link #privateKey(Path)}. Default none. */
    public Builder certificate(Path certificate) {
      this.certificate = certificate;
      return this;
    }

    /**
     * The PEM private key of the certificate, unencrypted: PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}) or EC SEC1 ({@code BEGIN EC PRIVATE KEY}). Default none.
     */
    public Builder privateKey(Path privateKey) {
      this.privateKey = privateKey;
      return this;
    }

    /** A PKCS#12 keystore with the private key and its chain, instead of PEM files. Default none. */
    public Builder keyStore(Path keyStore) {
      this.keyStore = keyStore;
      return this;
    }

    /** The file whose first line is the keystore's password (read again when it changes). Default none. */
    public Builder keyStorePasswordFile(Path file) {
      this.keyStorePasswordFile = file;
      return this;
    }

    /** The environment variable holding the keystore's password. Default none. */
    public Builder keyStorePasswordEnv(String variable) {
      this.keyStorePasswordEnv = variable;
      return this;
    }

    /**
     * The PEM file of trusted CA certificates. A client trusts gateways they signed (default: the JDK's
     * trusted CAs); a gateway asking for client certificates trusts clients they signed (required then).
     */
    public Builder ca(Path ca) {
      this.ca = ca;
      return this;
    }

    /** Whether a gateway asks clients for a certificate; default NONE; null means the default. */
    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
      return this;
    }

    /**
     * A trust manager deciding which peers to trust, instead of {@link #ca(Path)}. One that is not an
     * {@link javax.net.ssl.X509ExtendedTrustManager} gets the JDK's host name check on top. A gateway
     * asking for client certificates adds nothing to it: under client auth its Flow's own calls, which
     * present the gateway's certificate, pass only if this trust manager accepts that. Default none.
     */
    public Builder trustManager(X509TrustManager trustManager) {
      this.trustManager = trustManager;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws FlowException INVALID_ARGUMENT naming every inconsistent setting
     */
    public TlsConfig build() {
      List<String> problems = new ArrayList<>();
      if ((certificate == null) != (privateKey == null)) {
        problems.add("certificate and privateKey go together: set both or neither (got certificate=" + certificate
            + ", privateKey=" + privateKey + ")");
      }
      if (keyStore != null && (certificate != null || privateKey != null)) {
        problems.add("set certificate and privateKey, or keyStore, not both");
      }
      int passwords = (keyStorePasswordFile != null ? 1 : 0) + (keyStorePasswordEnv != null ? 1 : 0);
      if (keyStore != null && passwords != 1) {
        problems.add("keyStore " + keyStore + " needs its password from exactly one of keyStorePasswordFile or keyStorePasswordEnv");
      }
      if (keyStore == null && passwords > 0) {
        problems.add("a keystore password is set but no keyStore");
      }
      if (keyStorePasswordEnv != null && !keyStorePasswordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add("keyStorePasswordEnv must name an environment variable, got '" + keyStorePasswordEnv + "'");
      }
      if (ca != null && trustManager != null) {
        problems.add("set ca or trustManager, not both");
      }
      if (clientAuth != null && clientAuth != ClientAuth.NONE && ca == null && trustManager == null) {
        problems.add("clientAuth " + clientAuth + " needs ca: the PEM file of the CAs that sign client certificates");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid TLS configuration: " + String.join("; ", problems));
      }
      return new TlsConfig(this);
    }
  }
}

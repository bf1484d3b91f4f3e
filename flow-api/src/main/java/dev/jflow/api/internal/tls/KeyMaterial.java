package dev.jflow.api.internal.tls;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One private key and its certificate chain, read from PEM files or a PKCS#12 keystore and checked to belong together. */
final class KeyMaterial {
  private static final AtomicLong GENERATIONS = new AtomicLong();

  final PrivateKey key;
  final X509Certificate[] chain;
  /** Names this material to JSSE; a new one per load, so a handshake never mixes two generations. */
  final String alias;

  private KeyMaterial(PrivateKey key, X509Certificate[] chain) {
    this.key = key;
    this.chain = chain;
    this.alias = "jflow-" + GENERATIONS.incrementAndGet();
  }

  X509Certificate leaf() {
    return chain[0];
  }

  /** The files this material is read from, to watch for changes. */
  static List<Path> files(TlsConfig c) {
    List<Path> files = new ArrayList<>();
    if (c.keyStore() != null) {
      files.add(c.keyStore());
      if (c.keyStorePasswordFile() != null) {
        files.add(c.keyStorePasswordFile());
      }
    } else {
      files.add(c.certificate());
      files.add(c.privateKey());
    }
    return files;
  }

  /**
   * Reads the key material {@code c} names, warning about certificates out of their validity period.
   *
   * @throws FlowException INVALID_ARGUMENT naming every file and what is wrong with it
   */
  static KeyMaterial load(TlsConfig c) {
    List<String> problems = new ArrayList<>();
    KeyMaterial m = c.keyStore() != null ? fromKeyStore(c, problems) : fromPem(c.certificate(), c.privateKey(), problems);
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "TLS: " + String.join("; ", problems));
    }
    Validity.warn(c.keyStore() != null ? c.keyStore() : c.certificate(), List.of(m.chain));
    return m;
  }

  private static KeyMaterial fromPem(Path certFile, Path keyFile, List<String> problems) {
    List<X509Certificate> chain = null;
    PrivateKey key = null;
    try {
      chain = Pem.certificates(TlsFiles.text(certFile));
    } catch (IllegalArgumentException e) {
      problems.add(TlsFiles.problem(certFile, e.getMessage()));
    }
    try {
      key = Pem.privateKey(TlsFiles.text(keyFile));
    } catch (IllegalArgumentException e) {
      problems.add(TlsFiles.problem(keyFile, e.getMessage()));
    }
    if (chain == null || key == null) {
      return null;
    }
    if (!belongs(key, chain.get(0))) {
      problems.add(TlsFiles.problem(keyFile, "this private key does not match the certificate in " + certFile.toAbsolutePath()
          + " (" + chain.get(0).getSubjectX500Principal().getName() + ")"));
      return null;
    }
    return new KeyMaterial(key, chain.toArray(new X509Certificate[0]));
  }

  private static KeyMaterial fromKeyStore(TlsConfig c, List<String> problems) {
    char[] password = password(c, problems);
    byte[] bytes;
    try {
      bytes = TlsFiles.bytes(c.keyStore());
    } catch (IllegalArgumentException e) {
      problems.add(TlsFiles.problem(c.keyStore(), e.getMessage()));
      return null;
    }
    if (password == null) {
      return null;
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(bytes), password);
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          Certificate[] certs = ks.getCertificateChain(alias);
          List<X509Certificate> chain = new ArrayList<>();
          for (Certificate cert : certs) {
            chain.add((X509Certificate) cert);
          }
          return new KeyMaterial((PrivateKey) ks.getKey(alias, password), chain.toArray(new X509Certificate[0]));
        }
      }
      problems.add(TlsFiles.problem(c.keyStore(), "the keystore holds no private key entry"));
    } catch (IOException e) {
      boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
          || String.valueOf(e.getMessage()).contains("password");
      problems.add(TlsFiles.problem(c.keyStore(), wrongPassword ? "wrong keystore password (or a damaged keystore)"
          : "not a PKCS#12 keystore (" + e.getMessage() + ")"));
    } catch (GeneralSecurityException | ClassCastException e) {
      problems.add(TlsFiles.problem(c.keyStore(), "cannot read its key: " + e.getMessage()));
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
    return null;
  }

  private static char[] password(TlsConfig c, List<String> problems) {
    if (c.keyStorePasswordEnv() != null) {
      String v = System.getenv(c.keyStorePasswordEnv());
      if (v == null) {
        problems.add("the keystore password's environment variable " + c.keyStorePasswordEnv() + " is not set");
        return null;
      }
      return v.toCharArray();
    }
    try {
      String text = new String(TlsFiles.bytes(c.keyStorePasswordFile()), StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
    } catch (IllegalArgumentException e) {
      problems.add(TlsFiles.problem(c.keyStorePasswordFile(), e.getMessage()));
      return null;
    }
  }

  /** Whether {@code key} is the private key of {@code cert}: it signs what the certificate's public key verifies. */
  static boolean belongs(PrivateKey key, X509Certificate cert) {
    String algorithm;
    switch (key.getAlgorithm()) {
      case "RSA": algorithm = "SHA256withRSA"; break;
      case "EC": algorithm = "SHA256withECDSA"; break;
      case "EdDSA": case "Ed25519": case "Ed448": algorithm = "EdDSA"; break;
      case "DSA": algorithm = "SHA256withDSA"; break;
      default: return key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm()); // no signature to try: compare kinds
    }
    try {
      byte[] probe = "jflow key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      s.initVerify(cert.getPublicKey());
      s.update(probe);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}

package dev.jflow.api.testing;

import dev.jflow.api.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates made at test time in a directory: a CA, a gateway (server) certificate for
 * {@code localhost} and {@code 127.0.0.1}, a client certificate, an expired gateway certificate, and a
 * second CA with a gateway and a client certificate of its own. Keys are EC P-256 in PKCS#8 PEM unless
 * asked otherwise. {@link #renewServer()} replaces the gateway's files in place, as a renewal does.
 */
public final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and key, and the PEM files holding them. */
  public record Issued(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
    /** The certificate's serial number. */
    public BigInteger serial() {
      return certificate.getSerialNumber();
    }
  }

  private final Path dir;
  private final Issued ca;
  private final Issued otherCa;
  private volatile Issued server;
  private final Issued client;
  private final Issued expired;
  private final Issued otherServer;
  private final Issued otherClient;

  private TestCertificates(Path dir) {
    this.dir = dir;
    Instant now = Instant.now();
    this.ca = selfSigned("JFlow Test CA", "ca", now);
    this.otherCa = selfSigned("Another CA", "other-ca", now);
    this.server = issue(ca, "localhost", "server", "EC", true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    this.client = issue(ca, "test-client", "client", "EC", false, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    this.expired = issue(ca, "localhost", "expired", "EC", true, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    this.otherServer = issue(otherCa, "localhost", "other-server", "EC", true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    this.otherClient = issue(otherCa, "other-client", "other-client", "EC", false, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
  }

  /** Makes every certificate in {@code dir}. */
  public static TestCertificates create(Path dir) {
    return new TestCertificates(dir);
  }

  /** The CA certificate's PEM file. */
  public Path ca() {
    return ca.certificateFile();
  }

  /** The CA. */
  public Issued caIssued() {
    return ca;
  }

  /** The gateway's certificate and key, signed by the CA, for localhost and 127.0.0.1. */
  public Issued server() {
    return server;
  }

  /** A client certificate signed by the CA. */
  public Issued client() {
    return client;
  }

  /** A gateway certificate signed by the CA that expired yesterday. */
  public Issued expired() {
    return expired;
  }

  /** The second CA's certificate file. */
  public Path otherCa() {
    return otherCa.certificateFile();
  }

  /** A gateway certificate signed by the second CA. */
  public Issued otherServer() {
    return otherServer;
  }

  /** A client certificate signed by the second CA. */
  public Issued otherClient() {
    return otherClient;
  }

  /** A gateway's TLS with {@link #server()}. */
  public TlsConfig serverTls() {
    return TlsConfig.server(server.certificateFile(), server.keyFile());
  }

  /** A gateway's TLS with {@link #server()} that requires client certificates signed by the CA. */
  public TlsConfig mutualServerTls() {
    return serverTls().toBuilder().ca(ca()).clientAuth(TlsConfig.ClientAuth.REQUIRE).build();
  }

  /** A client's TLS trusting the CA. */
  public TlsConfig clientTls() {
    return TlsConfig.client(ca());
  }

  /** A client's TLS trusting the CA and presenting {@link #client()}. */
  public TlsConfig mutualClientTls() {
    return clientTls().toBuilder().certificate(client.certificateFile()).privateKey(client.keyFile()).build();
  }

  /** Issues a fresh certificate and key for the gateway under {@code files} (a name in the directory), signed by the CA. */
  public Issued issue(String files, String keyAlgorithm) {
    Instant now = Instant.now();
    return issue(ca, "localhost", files, keyAlgorithm, true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
  }

  /**
   * Replaces the gateway's certificate and key files with a new certificate (new key, new serial), each
   * file written in place; returns it.
   */
  public Issued renewServer() {
    Instant now = Instant.now();
    Issued fresh = issue(ca, "localhost", "renewed", "EC", true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    try {
      Files.write(server.keyFile(), Files.readAllBytes(fresh.keyFile()));
      Files.write(server.certificateFile(), Files.readAllBytes(fresh.certificateFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = new Issued(fresh.certificate(), fresh.key(), server.certificateFile(), server.keyFile());
    return server;
  }

  /** Writes {@code issued} as a PKCS#12 keystore protected by {@code password}. */
  public Path keyStore(Issued issued, String name, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("gateway", issued.key(), password, new Certificate[] {issued.certificate(), ca.certificate()});
      Path file = dir.resolve(name + ".p12");
      try (var out = Files.newOutputStream(file)) {
        ks.store(out, password);
      }
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code key} in the traditional form, as {@code openssl} does: RSA PKCS#1 ({@code BEGIN RSA
   * PRIVATE KEY}) or EC SEC1 naming its curve ({@code BEGIN EC PRIVATE KEY}).
   */
  public static void writeTraditionalKey(Path file, PrivateKey key) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      if (key.getAlgorithm().equals("EC")) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        org.bouncycastle.asn1.sec.ECPrivateKey named = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
            inner.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters());
        pem.writeObject(new PemObject("EC PRIVATE KEY", named.getEncoded()));
      } else {
        pem.writeObject(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Issued selfSigned(String cn, String files, Instant now) {
    KeyPair keys = keys("EC");
    X500Name name = new X500Name("CN=" + cn);
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(files, sign(b, keys.getPrivate()), keys.getPrivate());
  }

  private Issued issue(Issued issuer, String cn, String files, String keyAlgorithm, boolean server, Instant notBefore, Instant notAfter) {
    KeyPair keys = keys(keyAlgorithm);
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.certificate(), serial(), Date.from(notBefore),
        Date.from(notAfter), new X500Name("CN=" + cn), keys.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      if (server) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(files, sign(b, issuer.key()), keys.getPrivate());
  }

  private Issued write(String files, X509Certificate cert, PrivateKey key) {
    Path certFile = dir.resolve(files + ".crt");
    Path keyFile = dir.resolve(files + ".key");
    try {
      Path tmp = dir.resolve(files + ".crt.tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(cert);
      }
      Files.move(tmp, certFile, StandardCopyOption.REPLACE_EXISTING);
      try (Writer w = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(new JcaPKCS8Generator(key, null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Issued(cert, key, certFile, keyFile);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey) {
    try {
      String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keys(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else if (algorithm.equals("RSA")) {
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }
}

package dev.jflow.api.internal.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text: certificates, and private keys in PKCS#8, RSA PKCS#1 or EC SEC1 form, with the JDK alone
 * (PKCS#1 and SEC1 keys are wrapped into PKCS#8 with {@link Der}). Each failure is an
 * {@link IllegalArgumentException} whose message says what the text is not.
 */
final class Pem {
  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "XDH", "RSASSA-PSS", "DSA"};

  private Pem() {}

  /** A PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}...) and its bytes. */
  record Block(String label, byte[] der) {}

  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains(":")) { // RFC 1421 headers: Proc-Type: 4,ENCRYPTED
        throw new IllegalArgumentException("it holds an encrypted (" + m.group(1) + ") block; decrypt it first, e.g. with openssl pkey");
      }
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("its " + m.group(1) + " block is not valid base64");
      }
    }
    return out;
  }

  /** Every certificate in {@code text}, in order. */
  static List<X509Certificate> certificates(String text) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(text)) {
        if (b.label().equals("CERTIFICATE") || b.label().equals("X509 CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
          out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("it holds a CERTIFICATE block that is not an X.509 certificate: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** The one private key in {@code text}. */
  static PrivateKey privateKey(String text) {
    List<Block> blocks = blocks(text);
    byte[] ecParameters = null;
    for (Block b : blocks) {
      if (b.label().equals("EC PARAMETERS")) {
        ecParameters = b.der();
      }
    }
    for (Block b : blocks) {
      switch (b.label()) {
        case "PRIVATE KEY": return pkcs8(b.der());
        case "RSA PRIVATE KEY": return pkcs8(Der.pkcs8(Der.RSA_ENCRYPTION, Der.element(Der.NULL), b.der()));
        case "EC PRIVATE KEY": return pkcs8(Der.pkcs8(Der.EC_PUBLIC_KEY, curve(b.der(), ecParameters), b.der()));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException("its private key is encrypted; write it unencrypted (openssl pkcs8 -topk8 -nocrypt) "
              + "and protect the file, or use a PKCS#12 keystore with a password");
        case "OPENSSH PRIVATE KEY":
          throw new IllegalArgumentException("it holds an OpenSSH key; TLS needs a PEM PKCS#8 key (BEGIN PRIVATE KEY)");
        default:
          break;
      }
    }
    throw new IllegalArgumentException("it holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException("its private key is not an RSA, EC or EdDSA key this JDK can read");
  }

  /** The named curve of a SEC1 key: its {@code [0]} parameters, else a separate EC PARAMETERS block. */
  private static byte[] curve(byte[] sec1, byte[] ecParameters) {
    try {
      for (Der.Element e : Der.read(sec1).children()) {
        if (e.tag() == 0xA0) {
          return e.contents(); // the OID element inside [0]
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("its EC PRIVATE KEY block is not a SEC1 key: " + e.getMessage());
    }
    if (ecParameters != null) {
      return ecParameters;
    }
    throw new IllegalArgumentException("its EC PRIVATE KEY names no curve; write it as PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
  }
}

package dev.jflow.api.internal.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @TempDir
  static Path dir;

  private static TestCertificates certs;

  private static TestCertificates certs() {
    if (certs == null) {
      certs = TestCertificates.create(dir);
    }
    return certs;
  }

  @Test
  void readsPkcs8EcAndRsaKeysAndTheirCertificates() throws Exception {
    TestCertificates.Issued ec = certs().server();
    PrivateKey key = Pem.privateKey(Files.readString(ec.keyFile()));
    assertEquals("EC", key.getAlgorithm());
    assertArrayEquals(ec.key().getEncoded(), key.getEncoded());
    assertEquals(ec.certificate(), Pem.certificates(Files.readString(ec.certificateFile())).get(0));
    TestCertificates.Issued rsa = certs().issue("rsa", "RSA");
    assertArrayEquals(rsa.key().getEncoded(), Pem.privateKey(Files.readString(rsa.keyFile())).getEncoded());
    assertTrue(KeyMaterial.belongs(rsa.key(), rsa.certificate()));
    assertTrue(!KeyMaterial.belongs(rsa.key(), ec.certificate()));
  }

  @Test
  void readsRsaPkcs1AndEcSec1KeysWithTheJdkAlone() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      TestCertificates.Issued issued = certs().issue("traditional-" + algorithm, algorithm);
      Path traditional = dir.resolve("traditional-" + algorithm + ".pem");
      TestCertificates.writeTraditionalKey(traditional, issued.key());
      String text = Files.readString(traditional);
      assertTrue(text.contains(algorithm.equals("RSA") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY"), text);
      PrivateKey key = Pem.privateKey(text);
      assertEquals(algorithm, key.getAlgorithm());
      assertTrue(KeyMaterial.belongs(key, issued.certificate()), algorithm + " key read from its traditional form signs for its certificate");
    }
  }

  @Test
  void saysWhatTheTextIsNot() {
    IllegalArgumentException noCert = assertThrows(IllegalArgumentException.class, () -> Pem.certificates("hello"));
    assertTrue(noCert.getMessage().contains("no PEM certificate"), noCert.getMessage());
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
        () -> Pem.privateKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    assertTrue(noKey.getMessage().contains("no PEM private key"), noKey.getMessage());
    IllegalArgumentException encrypted = assertThrows(IllegalArgumentException.class,
        () -> Pem.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"));
    assertTrue(encrypted.getMessage().contains("encrypted"), encrypted.getMessage());
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> Pem.privateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
    assertTrue(garbage.getMessage().contains("not an RSA, EC or EdDSA key"), garbage.getMessage());
  }
}

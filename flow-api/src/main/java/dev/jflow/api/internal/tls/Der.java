package dev.jflow.api.internal.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The little DER needed to turn PKCS#1 and SEC1 private keys into PKCS#8, which the JDK reads: reading
 * one element's tag and contents, and writing elements. Definite lengths only, as DER requires.
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;

  /** rsaEncryption, 1.2.840.113549.1.1.1. */
  static final byte[] RSA_ENCRYPTION = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
  /** id-ecPublicKey, 1.2.840.10045.2.1. */
  static final byte[] EC_PUBLIC_KEY = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

  private Der() {}

  /** One element: its tag, and where its contents lie in {@code data}. */
  record Element(int tag, byte[] data, int start, int end) {
    byte[] contents() {
      return java.util.Arrays.copyOfRange(data, start, end);
    }

    /** The whole element, tag and length included. */
    byte[] encoded(int from) {
      return java.util.Arrays.copyOfRange(data, from, end);
    }

    /** The elements inside a constructed element (a SEQUENCE or a tagged one). */
    List<Element> children() {
      List<Element> out = new ArrayList<>();
      for (int at = start; at < end; at = out.get(out.size() - 1).end) {
        out.add(read(data, at, end));
      }
      return out;
    }
  }

  /** The element at {@code at}, which must end by {@code limit}. */
  static Element read(byte[] data, int at, int limit) {
    if (at + 2 > limit) {
      throw new IllegalArgumentException("truncated DER at byte " + at);
    }
    int tag = data[at] & 0xFF;
    int len = data[at + 1] & 0xFF;
    int start = at + 2;
    if (len > 0x80) {
      int n = len - 0x80;
      if (n > 3 || start + n > limit) {
        throw new IllegalArgumentException("bad DER length at byte " + at);
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (data[start + i] & 0xFF);
      }
      start += n;
    } else if (len == 0x80) {
      throw new IllegalArgumentException("indefinite length is not DER, at byte " + at);
    }
    if (start + len > limit) {
      throw new IllegalArgumentException("truncated DER at byte " + at);
    }
    return new Element(tag, data, start, start + len);
  }

  /** The whole of {@code data} as one element. */
  static Element read(byte[] data) {
    Element e = read(data, 0, data.length);
    if (e.end() != data.length) {
      throw new IllegalArgumentException("trailing bytes after DER");
    }
    return e;
  }

  /** An element of {@code tag} holding {@code parts} one after another. */
  static byte[] element(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = body.size();
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** A PKCS#8 PrivateKeyInfo: version 0, the algorithm (an OID and its parameters), the key. */
  static byte[] pkcs8(byte[] algorithmOid, byte[] parameters, byte[] key) {
    byte[] algorithm = element(SEQUENCE, element(OID, algorithmOid), parameters);
    return element(SEQUENCE, element(INTEGER, new byte[] {0}), algorithm, element(OCTET_STRING, key));
  }
}

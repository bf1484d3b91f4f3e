package dev.jflow.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An RFC 2397 data URI, {@code data:[<mime>][;base64],<data>}: the bytes it holds and their MIME type
 * ({@code text/plain} when it names none).
 *
 * @param mimeType the MIME type without parameters
 * @param bytes the decoded content
 */
record DataUri(String mimeType, byte[] bytes) {
  private static final String PREFIX = "data:";

  /** Whether {@code s} looks like a data URI. */
  static boolean is(String s) {
    return s.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && s.indexOf(',') > 0;
  }

  /**
   * Decodes a data URI.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static DataUri parse(String s) {
    int comma = s.indexOf(',');
    String header = s.substring(PREFIX.length(), comma);
    String data = s.substring(comma + 1);
    boolean base64 = false;
    String mime = "";
    String[] parts = header.split(";");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (i == 0 && p.contains("/")) {
        mime = p.toLowerCase(java.util.Locale.ROOT);
      } else if (p.equalsIgnoreCase("base64")) {
        base64 = true;
      }
    }
    byte[] bytes;
    if (base64) {
      try {
        bytes = Base64.getDecoder().decode(new String(percentDecode(data), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("its base64 content is invalid: " + e.getMessage());
      }
    } else {
      bytes = percentDecode(data);
    }
    return new DataUri(mime.isEmpty() ? "text/plain" : mime, bytes);
  }

  private static byte[] percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%') {
        if (i + 2 >= raw.length || Character.digit(raw[i + 1], 16) < 0 || Character.digit(raw[i + 2], 16) < 0) {
          throw new IllegalArgumentException("it has a bad percent escape at character " + i);
        }
        out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
        i += 2;
      } else {
        out.write(raw[i]);
      }
    }
    return out.toByteArray();
  }
}

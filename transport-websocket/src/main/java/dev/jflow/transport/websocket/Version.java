package dev.jflow.transport.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** JFlow's version, as the build wrote it into this module's resources. */
final class Version {
  /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource is missing. */
  static final String JFLOW = read();

  private Version() {}

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
      if (in == null) {
        return "unknown";
      }
      String v = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}

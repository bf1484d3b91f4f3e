package dev.jflow.cli.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The image the exports run by default: {@code jflow:<version>}, the tag {@code jflow image build} gives by default. */
final class DefaultImage {
  /** {@code jflow:} and this build's version ({@code jflow:latest} when the build wrote none). */
  static final String NAME = "jflow:" + version();

  private DefaultImage() {}

  private static String version() {
    try (InputStream in = DefaultImage.class.getResourceAsStream("version.txt")) {
      String v = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return v.isEmpty() || v.startsWith("${") ? "latest" : v;
    } catch (IOException e) {
      return "latest";
    }
  }
}

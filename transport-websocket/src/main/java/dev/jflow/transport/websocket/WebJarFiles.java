package dev.jflow.transport.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Swagger UI's static files, read from the {@code org.webjars:swagger-ui} jar on the class path (no network):
 * only the files directly under {@link #PREFIX} whose names are plain ({@code swagger-ui.css}, no {@code /},
 * no {@code ..}) and of a known type, each at most {@link #MAX_BYTES}; kept in memory once read.
 */
final class WebJarFiles {
  /** The version of the webjar, as in the build's dependency. */
  static final String VERSION = "5.34.1";

  /** Where the webjar keeps its files. */
  static final String PREFIX = "META-INF/resources/webjars/swagger-ui/" + VERSION + "/";

  /** The largest file served; swagger-ui-bundle.js is about 1.7 MB. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "html", "text/html; charset=utf-8",
      "png", "image/png",
      "map", "application/json; charset=utf-8",
      "txt", "text/plain; charset=utf-8");

  /** A file: its bytes and content type. */
  record File(byte[] bytes, String contentType) {}

  private final Map<String, File> read = new ConcurrentHashMap<>();
  private final ClassLoader loader;

  WebJarFiles(ClassLoader loader) {
    this.loader = loader;
  }

  /** The file {@code name}, or empty when the name is not plain, of an unknown type, or not in the jar. */
  Optional<File> file(String name) throws IOException {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      return Optional.empty();
    }
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      return Optional.empty();
    }
    File known = read.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    try (InputStream in = loader.getResourceAsStream(PREFIX + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException(PREFIX + name + " is larger than " + MAX_BYTES + " bytes; the gateway serves no file that large");
      }
      File f = new File(bytes, type);
      read.put(name, f);
      return Optional.of(f);
    }
  }

  /** Whether the webjar is on the class path. */
  boolean present() {
    return loader.getResource(PREFIX + "swagger-ui-bundle.js") != null;
  }
}

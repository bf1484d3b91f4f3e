package dev.jflow.transport.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What {@code GET /} answers: a small dependency-free page that sends a query to {@code /search} (with
 * {@code top_k} and, when given, a bearer token), shows the matches with their scores and tags, and the
 * Flow's status and pods from {@code /status}, and, for an admin token, the Flow's picture from {@code /flow}
 * (an SVG drawn from its Mermaid source, and the source).
 */
final class SearchPage {
  private SearchPage() {}

  /** The page, read from the module's resources once. */
  static final byte[] HTML = read();

  private static byte[] read() {
    try (InputStream in = SearchPage.class.getResourceAsStream("search.html")) {
      if (in == null) {
        throw new IllegalStateException("search.html is missing from the transport-websocket jar; rebuild it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

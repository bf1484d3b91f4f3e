package dev.jflow.transport.websocket;

import java.util.Locale;

/**
 * The one media type the API's bodies take: {@code application/json} (parameters such as
 * {@code charset=utf-8} allowed), as Jina's clients send it. A browser sends a cross-site form or a
 * {@code text/plain} body without asking first; {@code application/json} makes it ask (a CORS
 * preflight), which only allowed origins pass. So a body of any other type is refused, unread.
 */
final class JsonContentType {
  /** The media type every body must declare. */
  static final String EXPECTED = "application/json";

  private JsonContentType() {}

  /** Whether a {@code Content-Type} header (null when absent) declares JSON. */
  static boolean accepts(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.toLowerCase(Locale.ROOT).equals(EXPECTED);
  }

  /** Why the body of {@code method path} with {@code contentType} is refused, for the 415 answer. */
  static String refusal(String method, String path, String contentType) {
    return method + " " + path + " takes a JSON body sent with Content-Type: " + EXPECTED + ", got "
        + (contentType == null || contentType.isBlank() ? "no Content-Type" : "'" + contentType + "'")
        + " (browsers send other types across sites without asking first, so the gateway takes none)";
  }
}

package dev.jflow.transport.websocket;

import dev.jflow.api.spi.Credentials;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The credentials of a WebSocket upgrade request: its {@code Authorization: Bearer <token>} header, or,
 * for browsers (which cannot set headers on a WebSocket), the subprotocol {@code bearer.<token>}
 * offered beside {@value #SUBPROTOCOL}: {@code new WebSocket(url, ["jflow", "bearer." + token])}. The
 * gateway answers with the subprotocol {@value #SUBPROTOCOL}, never echoing the token. Tokens never
 * travel in the query string, which proxies and logs keep.
 */
final class UpgradeCredentials {
  /** The subprotocol the gateway selects when a client offers it. */
  static final String SUBPROTOCOL = "jflow";
  /** The prefix of the subprotocol that carries a browser's token. */
  static final String BEARER_PREFIX = "bearer.";

  private UpgradeCredentials() {}

  /** The credentials in the upgrade's {@code headers}; {@link Credentials#none()} when it has none. */
  static Credentials from(Map<String, List<String>> headers) {
    Credentials fromHeader = Credentials.fromAuthorization(first(headers, "Authorization"));
    if (fromHeader.bearerToken().isPresent()) {
      return fromHeader;
    }
    for (String protocols : all(headers, "Sec-WebSocket-Protocol")) {
      for (String p : protocols.split(",")) {
        String offered = p.strip();
        if (offered.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
          return Credentials.bearer(offered.substring(BEARER_PREFIX.length()));
        }
      }
    }
    return Credentials.none();
  }

  /** The first value of header {@code name}, matched without regard to case; null without one. */
  static String first(Map<String, List<String>> headers, String name) {
    List<String> values = all(headers, name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The values of header {@code name}, matched without regard to case. */
  private static List<String> all(Map<String, List<String>> headers, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(lower) && e.getValue() != null) {
        return e.getValue();
      }
    }
    return List.of();
  }
}

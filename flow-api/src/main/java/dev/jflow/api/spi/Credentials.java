package dev.jflow.api.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller presented to a gateway, as its transport extracted it: a bearer token (gRPC metadata
 * {@code authorization: Bearer ...}, the HTTP {@code Authorization} header, the WebSocket upgrade's
 * header or a browser's {@code bearer.<token>} subprotocol) and, where the transport knows one, the
 * identity of the peer (e.g. a TLS client certificate's subject). An {@link Authenticator} turns them
 * into a {@link Caller}. Immutable; {@link #toString()} never shows the token.
 */
public final class Credentials {
  private static final Credentials NONE = new Credentials(null, null);
  private static final String BEARER = "bearer ";

  private final String bearerToken;
  private final String peer;

  private Credentials(String bearerToken, String peer) {
    this.bearerToken = bearerToken;
    this.peer = peer;
  }

  /** No credentials at all. */
  public static Credentials none() {
    return NONE;
  }

  /** A bearer token; null or blank gives {@link #none()}. */
  public static Credentials bearer(String token) {
    return token == null || token.isBlank() ? NONE : new Credentials(token.strip(), null);
  }

  /**
   * The credentials of an {@code Authorization} header value: {@code Bearer <token>} (the scheme in
   * any case) gives the token; null, another scheme or an empty token give {@link #none()}.
   */
  public static Credentials fromAuthorization(String header) {
    if (header == null || header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return NONE;
    }
    return bearer(header.substring(BEARER.length()));
  }

  /** These credentials with the peer's identity as the transport established it (null for none). */
  public Credentials withPeer(String identity) {
    return new Credentials(bearerToken, identity == null || identity.isBlank() ? null : identity);
  }

  /** The bearer token, if one was sent. */
  public Optional<String> bearerToken() {
    return Optional.ofNullable(bearerToken);
  }

  /** The peer's identity as the transport established it (e.g. from a TLS client certificate), if any. */
  public Optional<String> peer() {
    return Optional.ofNullable(peer);
  }

  @Override
  public String toString() {
    return "Credentials{bearer=" + (bearerToken == null ? "none" : "<hidden>") + (peer == null ? "" : ", peer=" + peer) + "}";
  }
}

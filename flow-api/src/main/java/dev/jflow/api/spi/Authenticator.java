package dev.jflow.api.spi;

import dev.jflow.api.FlowException;

/**
 * Decides who calls a gateway. The gateway's {@link Admission} asks once per call, with the
 * {@link Credentials} its transport extracted, then checks the caller's {@link Role} for every request:
 * data requests need {@link Role#DATA}, control commands other than STATUS (and DUMP requests) need
 * {@link Role#ADMIN}. Plug one in with {@code GatewayConfig.builder().authenticator(...)}; the default is
 * {@link #anonymous()}, and {@link BearerTokens} checks tokens read from files or environment variables.
 * A JWT or mTLS authenticator implements this interface. Called on the transport's threads: it must be
 * thread-safe and should not block.
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Who presented {@code credentials}.
   *
   * @return the caller and its roles, never null
   * @throws FlowException UNAUTHENTICATED (missing or wrong credentials; say what to send) to refuse
   *     the call; any other exception refuses it too, as INTERNAL
   */
  Caller authenticate(Credentials credentials);

  /**
   * The default: a caller without credentials is {@link Caller#anonymous()} (it may send data, so that
   * Jina 1.x clients connect as before, but not control the Flow over the network); a caller presenting
   * a token is refused with UNAUTHENTICATED, since this gateway has none configured.
   */
  static Authenticator anonymous() {
    return AnonymousAuthenticator.INSTANCE;
  }
}

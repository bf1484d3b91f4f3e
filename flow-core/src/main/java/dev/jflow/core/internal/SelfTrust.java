package dev.jflow.core.internal;

import dev.jflow.api.internal.TokenSet;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.Role;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The authenticator a Flow's gateway runs with: the Flow's own client (the Flow object's calls, which
 * go through its gateway as external clients' do) is trusted by a token made fresh at each start that
 * never leaves the process, and never held back by the gateway's rate limit; every other caller is left to the configured authenticator.
 */
final class SelfTrust implements Authenticator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Caller self;
  private final TokenSet token;
  private final Authenticator others;

  SelfTrust(String flow, String token, Authenticator others) {
    this.self = Caller.of("flow:" + flow, Role.ADMIN, Role.DATA).unlimited(); // its calls are the Flow's work
    this.token = TokenSet.of(List.of(token));
    this.others = others;
  }

  /** A new token: 256 random bits. */
  static String freshToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public Caller authenticate(Credentials credentials) {
    String t = credentials.bearerToken().orElse(null);
    return t != null && token.contains(t) ? self : others.authenticate(credentials);
  }

  @Override
  public String toString() {
    return others + " (and the Flow itself)";
  }
}

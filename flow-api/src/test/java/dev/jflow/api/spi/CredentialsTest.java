package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void anAuthorizationHeaderGivesItsBearerTokenWhateverTheSchemesCase() {
    assertEquals(Optional.of("abc.def-123"), Credentials.fromAuthorization("Bearer abc.def-123").bearerToken());
    assertEquals(Optional.of("abc"), Credentials.fromAuthorization("bearer  abc ").bearerToken());
    assertEquals(Optional.of("abc"), Credentials.fromAuthorization("BEARER abc").bearerToken());
  }

  @Test
  void noHeaderAnotherSchemeOrAnEmptyTokenGiveNone() {
    assertSame(Credentials.none(), Credentials.fromAuthorization(null));
    assertSame(Credentials.none(), Credentials.fromAuthorization("Basic dXNlcjpwYXNz"));
    assertSame(Credentials.none(), Credentials.fromAuthorization("Bearer "));
    assertSame(Credentials.none(), Credentials.fromAuthorization("Bearer    "));
    assertSame(Credentials.none(), Credentials.fromAuthorization("Bearerabc"));
    assertSame(Credentials.none(), Credentials.bearer(null));
  }

  @Test
  void aPeerIdentityTravelsBesideTheTokenAndTheTokenIsNeverPrinted() {
    Credentials c = Credentials.bearer("the-token-itself").withPeer("CN=pod-1");
    assertEquals(Optional.of("CN=pod-1"), c.peer());
    assertEquals(Optional.of("the-token-itself"), c.bearerToken());
    assertFalse(c.toString().contains("the-token-itself"), c.toString());
    assertEquals("Credentials{bearer=<hidden>, peer=CN=pod-1}", c.toString());
  }
}

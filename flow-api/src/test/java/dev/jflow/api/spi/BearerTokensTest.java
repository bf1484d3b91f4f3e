package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokensTest {
  static final String DATA = "data-token-0123456789";
  static final String ADMIN = "admin-token-0123456789";

  private static final BearerTokens BOTH = BearerTokens.builder().dataTokens(Secret.of(DATA)).adminTokens(Secret.of(ADMIN)).build();

  private static FlowException refused(Authenticator a, Credentials c) {
    return assertThrows(FlowException.class, () -> a.authenticate(c));
  }

  @Test
  void anAdminTokenMayControlAndSendDataADataTokenOnlySendData() {
    Caller admin = BOTH.authenticate(Credentials.bearer(ADMIN));
    assertTrue(admin.has(Role.ADMIN) && admin.has(Role.DATA));
    assertTrue(admin.name().startsWith("admin-token:") && !admin.name().contains(ADMIN), admin.name());
    Caller data = BOTH.authenticate(Credentials.bearer(DATA));
    assertEquals(Set.of(Role.DATA), data.roles());
    assertFalse(data.has(Role.ADMIN));
  }

  @Test
  void aMissingOrWrongTokenIsUnauthenticatedSayingWhatToSend() {
    FlowException missing = refused(BOTH, Credentials.none());
    assertEquals(Status.Code.UNAUTHENTICATED, missing.code());
    assertTrue(missing.getMessage().contains("needs a bearer token") && missing.getMessage().contains("Authorization: Bearer"),
        missing.getMessage());
    FlowException wrong = refused(BOTH, Credentials.bearer(DATA + "x"));
    assertEquals(Status.Code.UNAUTHENTICATED, wrong.code());
    assertTrue(wrong.getMessage().contains("not valid"), wrong.getMessage());
    assertFalse(wrong.getMessage().contains(DATA), "a refusal never quotes the token");
  }

  @Test
  void withoutDataTokensDataStaysOpenAndOnlyControlNeedsAToken() {
    BearerTokens adminOnly = BearerTokens.builder().adminTokens(Secret.of(ADMIN)).build();
    assertSame(Caller.anonymous(), adminOnly.authenticate(Credentials.none()));
    assertTrue(adminOnly.authenticate(Credentials.bearer(ADMIN)).has(Role.ADMIN));
    assertEquals(Status.Code.UNAUTHENTICATED, refused(adminOnly, Credentials.bearer(DATA)).code());
  }

  @Test
  void tokensAreReadFromAFileWhenBuiltAndEveryProblemIsReportedAtOnce(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.writeString(data, "# data\n" + DATA + "\n" + DATA + "-2\n");
    BearerTokens fromFile = BearerTokens.builder().dataTokens(Secret.fromFile(data)).build();
    Files.delete(data); // read once, when built
    assertEquals(Set.of(Role.DATA), fromFile.authenticate(Credentials.bearer(DATA + "-2")).roles());
    assertEquals("BearerTokens{data=2 from file " + data + ", admin=none}", fromFile.toString());

    Path admin = dir.resolve("admin");
    Files.writeString(admin, "short\n");
    FlowException e = assertThrows(FlowException.class, () -> BearerTokens.builder().dataTokens(Secret.fromFile(data))
        .adminTokens(Secret.fromFile(admin)).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains(data.toAbsolutePath() + " does not exist")
        && e.getMessage().contains("file " + admin + ": token 1 has 5 characters"), e.getMessage());
    FlowException none = assertThrows(FlowException.class, () -> BearerTokens.builder().build());
    assertTrue(none.getMessage().contains("BearerTokens needs data tokens, admin tokens or both"), none.getMessage());
  }

  @Test
  void tokenSetsAreEqualWhenTheyComeFromTheSamePlacesAndNeverShowTheirTokens() {
    assertEquals(BOTH, BearerTokens.builder().dataTokens(Secret.of(DATA)).adminTokens(Secret.of(ADMIN)).build());
    assertNotEquals(BOTH, BearerTokens.builder().dataTokens(Secret.of(DATA)).build());
    assertFalse(BOTH.toString().contains(DATA) || BOTH.toString().contains(ADMIN), BOTH.toString());
  }

  @Test
  void theDefaultLetsCallersWithoutATokenSendDataAndRefusesATokenItCannotCheck() {
    assertSame(Caller.anonymous(), Authenticator.anonymous().authenticate(Credentials.none()));
    assertEquals(Set.of(Role.DATA), Caller.anonymous().roles());
    FlowException e = refused(Authenticator.anonymous(), Credentials.bearer(ADMIN));
    assertEquals(Status.Code.UNAUTHENTICATED, e.code());
    assertTrue(e.getMessage().contains("no bearer tokens configured"), e.getMessage());
  }
}

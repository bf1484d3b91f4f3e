package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token store compares fixed-length digests with every entry, never the tokens themselves. */
class TokenSetTest {
  private static final String SHORT = "0123456789abcdef";
  private static final String LONG = "a-much-longer-token-of-sixty-four-characters-0123456789abcdefghij";

  /** Records every comparison, then answers as {@link MessageDigest#isEqual} does. */
  private static final class Recording {
    final List<byte[][]> calls = new ArrayList<>();

    boolean equal(byte[] a, byte[] b) {
      calls.add(new byte[][] {a.clone(), b.clone()});
      return MessageDigest.isEqual(a, b);
    }
  }

  @Test
  void aPresentedTokenIsComparedAsA32ByteDigestWithEveryEntryWithoutStoppingAtAMatch() {
    Recording r = new Recording();
    TokenSet set = new TokenSet(List.of(SHORT, LONG, "z".repeat(40)), r::equal);
    for (String presented : List.of(SHORT, "x".repeat(17), LONG + "more and more and more")) {
      r.calls.clear();
      boolean found = set.contains(presented);
      assertEquals(presented.equals(SHORT), found, presented);
      assertEquals(3, r.calls.size(), "every entry is compared, even after the first one matched");
      for (byte[][] call : r.calls) {
        assertEquals(32, call[0].length, "the presented token is compared as its digest, whatever its length");
        assertEquals(32, call[1].length, "entries are held as digests");
      }
      assertTrue(MessageDigest.isEqual(TokenSet.digest(presented), r.calls.get(0)[0]));
    }
  }

  @Test
  void theTokensThemselvesAreNotKept() throws Exception {
    TokenSet set = TokenSet.of(List.of(LONG));
    for (java.lang.reflect.Field f : TokenSet.class.getDeclaredFields()) {
      f.setAccessible(true);
      Object v = java.lang.reflect.Modifier.isStatic(f.getModifiers()) ? null : f.get(set);
      assertFalse(String.valueOf(v).contains(LONG), f.getName());
      if (v instanceof List) {
        for (Object e : (List<?>) v) {
          assertTrue(e instanceof byte[] && ((byte[]) e).length == 32, "only digests are held: " + f.getName());
        }
      }
    }
  }

  @Test
  void parseTakesOneTokenALineOrCommaSeparatedAndSkipsCommentsAndBlankLines() {
    TokenSet set = TokenSet.parse("# data tokens\n\n  " + SHORT + "  \r\n" + LONG + ", " + "y".repeat(20) + "\n", "file t");
    assertEquals(3, set.size());
    assertTrue(set.contains(SHORT));
    assertTrue(set.contains(LONG));
    assertTrue(set.contains("y".repeat(20)));
    assertFalse(set.contains(SHORT.substring(1)));
    assertFalse(set.contains(""));
  }

  @Test
  void aClientTakesTheFirstTokenOfTheSameFormat() {
    assertEquals(SHORT, TokenSet.first("# mine\n\n " + SHORT + ", " + LONG + "\n", "file t"));
    FlowException none = assertThrows(FlowException.class, () -> TokenSet.first("# none\n", "file t"));
    assertEquals("the file t holds no bearer token", none.status().description());
  }

  @Test
  void invalidTokensAreReportedByPositionNeverByValue() {
    FlowException e = assertThrows(FlowException.class, () -> TokenSet.parse("tooShortSecret\n" + SHORT + "\nbad\u00e9" + SHORT, "file t"));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    String m = e.getMessage();
    assertTrue(m.contains("file t") && m.contains("token 1 has 14 characters; a token needs at least 16")
        && m.contains("token 3 has a character at position 4"), m);
    assertFalse(m.contains("tooShortSecret") || m.contains(SHORT), "the message never quotes a token: " + m);
    FlowException none = assertThrows(FlowException.class, () -> TokenSet.parse("# only a comment\n\n", "variable V"));
    assertTrue(none.getMessage().contains("variable V: it holds no token"), none.getMessage());
  }

  @Test
  void aFingerprintNamesATokenWithoutRevealingIt() {
    assertEquals(8, TokenSet.fingerprint(LONG).length());
    assertEquals(TokenSet.fingerprint(LONG), TokenSet.fingerprint(LONG));
    assertFalse(TokenSet.fingerprint(LONG).equals(TokenSet.fingerprint(SHORT)));
    assertFalse(LONG.contains(TokenSet.fingerprint(LONG)));
  }
}

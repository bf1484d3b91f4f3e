package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A set of bearer tokens that keeps only their SHA-256 digests. A presented token is digested and
 * compared with every digest held, each with {@link MessageDigest#isEqual} and without stopping at a
 * match: the time taken tells neither how much of a token was right, nor its length (digests all have
 * 32 bytes), nor which entry matched.
 */
public final class TokenSet {
  /** The shortest token accepted: shorter ones can be guessed. */
  public static final int MIN_LENGTH = 16;

  private final List<byte[]> digests;
  private final BiPredicate<byte[], byte[]> equal;

  TokenSet(List<String> tokens, BiPredicate<byte[], byte[]> equal) {
    this.digests = new ArrayList<>();
    tokens.forEach(t -> digests.add(digest(t)));
    this.equal = equal;
  }

  /** A set of {@code tokens}, taken as they are. */
  public static TokenSet of(List<String> tokens) {
    return new TokenSet(tokens, MessageDigest::isEqual);
  }

  /**
   * The tokens in {@code text}: one a line (or separated by commas or white space), blank lines and
   * lines starting with {@code #} ignored. {@code source} names the text in errors, which say which
   * token is wrong and why, never what it is.
   *
   * @throws FlowException INVALID_ARGUMENT listing every invalid token, or saying there is none
   */
  public static TokenSet parse(String text, String source) {
    List<String> tokens = split(text);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String problem = problem(tokens.get(i));
      if (problem != null) {
        problems.add("token " + (i + 1) + " " + problem);
      }
    }
    if (tokens.isEmpty()) {
      problems.add("it holds no token");
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid bearer tokens in " + source + ": "
          + String.join("; ", problems) + " (make one with: openssl rand -hex 32)");
    }
    return of(tokens);
  }

  /**
   * The one token a client sends, from {@code text} in the format of {@link #parse}: its first token,
   * so that a client may read the same file as the gateway.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code text} holds no token
   */
  public static String first(String text, String source) {
    List<String> tokens = split(text);
    if (tokens.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the " + source + " holds no bearer token");
    }
    return tokens.get(0);
  }

  /** The tokens of {@code text}: one a line or separated by commas or white space; {@code #} lines are comments. */
  private static List<String> split(String text) {
    List<String> tokens = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      for (String t : line.split("[,\\s]+")) {
        if (!t.isEmpty()) {
          tokens.add(t);
        }
      }
    }
    return tokens;
  }

  /** What is wrong with {@code token}, or null; never quotes it. */
  public static String problem(String token) {
    if (token.length() < MIN_LENGTH) {
      return "has " + token.length() + " characters; a token needs at least " + MIN_LENGTH;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ',') {
        return "has a character at position " + (i + 1) + " that is not printable ASCII, or is a comma";
      }
    }
    return null;
  }

  /** Whether {@code token} is in the set, in time that does not depend on which entry, if any, it matches. */
  public boolean contains(String token) {
    byte[] d = digest(token);
    boolean found = false;
    for (byte[] e : digests) {
      found |= equal.test(d, e); // no short cut: every entry is compared
    }
    return found;
  }

  /** How many tokens the set holds. */
  public int size() {
    return digests.size();
  }

  /** A short name for {@code token} that is safe to log: the first 8 hex digits of its digest. */
  public static String fingerprint(String token) {
    return HexFormat.of().formatHex(digest(token), 0, 4);
  }

  /** The SHA-256 digest of {@code token}'s UTF-8 bytes: 32 bytes whatever its length. */
  static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

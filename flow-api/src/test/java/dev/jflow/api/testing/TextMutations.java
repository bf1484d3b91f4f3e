package dev.jflow.api.testing;

import java.util.Random;

/** Small random edits of a valid text, for the fuzz tests of every module: characters deleted, inserted or replaced. */
public final class TextMutations {
  private TextMutations() {}

  /** {@code valid} with {@code edits} random edits, inserting or replacing with characters of {@code tokens}. */
  public static String mutate(Random r, String valid, int edits, String tokens) {
    StringBuilder b = new StringBuilder(valid);
    for (int n = edits; n > 0; n--) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length());
      switch (r.nextInt(3)) {
        case 0:
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
          break;
        case 1:
          b.insert(at, tokens.charAt(r.nextInt(tokens.length())));
          break;
        default:
          if (b.length() > 0) {
            b.setCharAt(at, tokens.charAt(r.nextInt(tokens.length())));
          }
      }
    }
    return b.toString();
  }
}

package dev.jflow.neural;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, as the model's {@code tokenizer.json} describes it (a
 * {@code BertNormalizer} that lower-cases and strips accents, a {@code BertPreTokenizer}, a
 * {@code WordPiece} model): text to the token ids the model was trained on, {@code [CLS] ... [SEP]}.
 * Immutable and thread-safe.
 */
final class WordPiece {
  private final Map<String, Integer> vocab;
  private final String prefix;
  private final int maxWordChars;
  private final int unk;
  private final int cls;
  private final int sep;

  /**
   * A tokenizer over {@code vocab} (piece to id), continuing pieces starting with {@code prefix}
   * ({@code ##}), words longer than {@code maxWordChars} code points becoming {@code unkToken}.
   */
  WordPiece(Map<String, Integer> vocab, String unkToken, String prefix, int maxWordChars) {
    this.vocab = Map.copyOf(vocab);
    this.prefix = prefix;
    this.maxWordChars = maxWordChars;
    this.unk = id(unkToken);
    this.cls = id("[CLS]");
    this.sep = id("[SEP]");
  }

  private int id(String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("the vocabulary has no " + token + " token");
    }
    return id;
  }

  /** The ids of {@code [CLS]}, the first {@code maxLength - 2} word pieces of {@code text}, {@code [SEP]}. */
  int[] encode(String text, int maxLength) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    int room = maxLength - 1;
    for (String word : words(normalize(text))) {
      if (ids.size() >= room) {
        break;
      }
      pieces(word, ids);
    }
    int n = Math.min(ids.size(), room);
    int[] out = new int[n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = ids.get(i);
    }
    out[n] = sep;
    return out;
  }

  /** Drops control characters, spaces out CJK ideographs, makes every space ' ', lower-cases and strips accents. */
  static String normalize(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    text.codePoints().forEach(c -> {
      if (c == 0 || c == 0xFFFD || isControl(c)) {
        return;
      }
      if (isCjk(c)) {
        b.append(' ').appendCodePoint(c).append(' ');
      } else {
        b.appendCodePoint(isSpace(c) ? ' ' : c);
      }
    });
    String decomposed = Normalizer.normalize(b, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Splits on spaces, and makes each punctuation character a word of its own. */
  static List<String> words(String normalized) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    normalized.codePoints().forEach(c -> {
      if (isSpace(c) || isPunctuation(c)) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
        if (!isSpace(c)) {
          words.add(new String(Character.toChars(c)));
        }
      } else {
        word.appendCodePoint(c);
      }
    });
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /** Greedy longest-match-first pieces of {@code word}; one {@code [UNK]} when it is too long or a part matches nothing. */
  private void pieces(String word, List<Integer> ids) {
    int[] cps = word.codePoints().toArray();
    if (cps.length > maxWordChars) {
      ids.add(unk);
      return;
    }
    int mark = ids.size();
    for (int start = 0; start < cps.length; ) {
      int end = cps.length;
      Integer found = null;
      while (start < end) {
        String piece = new String(cps, start, end - start);
        found = vocab.get(start > 0 ? prefix + piece : piece);
        if (found != null) {
          break;
        }
        end--;
      }
      if (found == null) {
        ids.subList(mark, ids.size()).clear();
        ids.add(unk);
        return;
      }
      ids.add(found);
      start = end;
    }
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED || t == Character.PRIVATE_USE
        || t == Character.SURROGATE;
  }

  /** ASCII symbols count as punctuation, as in BERT; so does every Unicode punctuation category. */
  private static boolean isPunctuation(int c) {
    if (c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126) {
      return true;
    }
    switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /** The CJK Unified Ideographs blocks (not Japanese kana or Korean hangul, which are written with spaces). */
  private static boolean isCjk(int c) {
    return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF
        || c >= 0x2A700 && c <= 0x2B73F || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B820 && c <= 0x2CEAF
        || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
  }
}

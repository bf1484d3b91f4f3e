package dev.jflow.executors;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hashed features of a text for {@link TextEncoder}: word unigrams, word bigrams and character
 * n-grams of each word padded with a space on both sides. Words are runs of letters and digits,
 * lower-cased; stop words are dropped before anything else, and words may be stemmed lightly. Each feature is a 64-bit hash (FNV-1a over
 * the characters, then MurmurHash3's finalizer with a seed per kind), so nothing is allocated per
 * feature and results are the same on every JVM. Not thread-safe: buffers are reused.
 */
final class TextFeatures {
  static final float WORD_WEIGHT = 1f;
  static final float BIGRAM_WEIGHT = 0.5f;
  static final float CHAR_WEIGHT = 0.25f;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long WORD_SEED = 0x243F6A8885A308D3L;
  private static final long BIGRAM_SEED = 0x13198A2E03707344L;
  private static final long CHAR_SEED = 0xA4093822299F31D0L;

  private final int charN;
  private final boolean bigrams;
  private final boolean stem;
  private final long[] stopWords;
  long[] hashes = new long[64];
  float[] weights = new float[64];
  int count;

  TextFeatures(int charN, boolean bigrams, boolean stem, List<String> stopWords) {
    this.charN = charN;
    this.bigrams = bigrams;
    this.stem = stem;
    this.stopWords = new long[stopWords.size()];
    for (int i = 0; i < this.stopWords.length; i++) {
      String w = stopWords.get(i).toLowerCase(Locale.ROOT);
      this.stopWords[i] = fnv(w, 0, w.length());
    }
    Arrays.sort(this.stopWords);
  }

  /** Extracts the features of {@code text} into {@link #hashes} and {@link #weights}; returns {@link #count}. */
  int extract(String text) {
    count = 0;
    String s = text.toLowerCase(Locale.ROOT);
    long previous = 0;
    boolean hasPrevious = false;
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      long word = fnv(s, start, i);
      if (Arrays.binarySearch(stopWords, word) >= 0) {
        continue;
      }
      if (stem) {
        word = stemmed(s, start, i);
      }
      add(mix(word, WORD_SEED), WORD_WEIGHT);
      if (bigrams && hasPrevious) {
        add(mix(previous * 0x9E3779B97F4A7C15L + word, BIGRAM_SEED), BIGRAM_WEIGHT);
      }
      previous = word;
      hasPrevious = true;
      if (charN > 0) {
        charGrams(s, start, i);
      }
    }
    return count;
  }

  private void charGrams(String s, int start, int end) {
    int padded = end - start + 2;
    int grams = Math.max(1, padded - charN + 1);
    for (int g = 0; g < grams; g++) {
      long h = FNV_OFFSET;
      for (int j = g, last = Math.min(g + charN, padded); j < last; j++) {
        char c = j == 0 || j == padded - 1 ? ' ' : s.charAt(start + j - 1);
        h = (h ^ c) * FNV_PRIME;
      }
      add(mix(h, CHAR_SEED), CHAR_WEIGHT);
    }
  }

  private void add(long hash, float weight) {
    if (count == hashes.length) {
      hashes = Arrays.copyOf(hashes, count * 2);
      weights = Arrays.copyOf(weights, count * 2);
    }
    hashes[count] = hash;
    weights[count] = weight;
    count++;
  }

  /**
   * The hash of a light English stem of {@code s[start, end)}: plural and verb endings are cut ({@code -ies}
   * becomes {@code -y}; {@code -es} after s, x, z, ch or sh, {@code -s} but not {@code -ss}, {@code -us},
   * {@code -is}; then {@code -ing} and {@code -ed}) and a final {@code e} is dropped, so "rates", "rated"
   * and "rate" meet. Short words are kept whole.
   */
  static long stemmed(String s, int start, int end) {
    int e = end;
    boolean y = false;
    if (e - start > 4 && endsWith(s, start, e, "ies")) {
      e -= 3;
      y = true;
    } else if (e - start > 3 && endsWith(s, start, e, "es") && (endsWith(s, start, e - 2, "s")
        || endsWith(s, start, e - 2, "x") || endsWith(s, start, e - 2, "z") || endsWith(s, start, e - 2, "ch")
        || endsWith(s, start, e - 2, "sh"))) {
      e -= 2;
    } else if (e - start > 3 && s.charAt(e - 1) == 's' && !endsWith(s, start, e, "ss") && !endsWith(s, start, e, "us")
        && !endsWith(s, start, e, "is")) {
      e -= 1;
    }
    if (!y && e - start > 5 && endsWith(s, start, e, "ing")) {
      e -= 3;
    } else if (!y && e - start > 4 && endsWith(s, start, e, "ed")) {
      e -= 2;
    }
    if (!y && e - start > 3 && s.charAt(e - 1) == 'e') {
      e -= 1;
    }
    long h = fnv(s, start, e);
    return y ? (h ^ 'y') * FNV_PRIME : h;
  }

  private static boolean endsWith(String s, int start, int end, String suffix) {
    return end - start >= suffix.length() && s.regionMatches(end - suffix.length(), suffix, 0, suffix.length());
  }

  static long fnv(String s, int from, int to) {
    long h = FNV_OFFSET;
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  /** MurmurHash3's 64-bit finalizer of {@code h} mixed with {@code seed}. */
  static long mix(long h, long seed) {
    long k = h ^ seed;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}

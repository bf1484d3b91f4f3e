package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A demo encoder with no model: hashes the words and character trigrams of each document's text
 * into a fixed-size float32 vector, normalized to unit length, and sets it as the embedding. Texts
 * that share words get close vectors, which is enough to demonstrate search. Documents without text
 * are left alone. Argument {@code dim} (with): vector size, default 256.
 */
public final class HashingTextEncoder implements Executor {
  private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "at",
      "for", "with", "is", "are", "was", "it", "its", "this", "that", "all", "again", "by", "as", "from", "into",
      "after", "their", "his", "her", "they", "them", "be", "been", "has", "have", "had", "will", "can");

  private int dim = 256;

  /** An encoder of 256-d vectors (change with the {@code dim} argument). */
  public HashingTextEncoder() {}

  @Override
  public void open(ExecutorContext context) {
    double d = context.with().getNumber("dim", 256);
    if (d < 1 || d != Math.rint(d)) {
      throw new IllegalArgumentException("HashingTextEncoder: 'dim' must be a positive integer, got " + d);
    }
    dim = (int) d;
  }

  @Override
  public void handle(Request request) {
    for (Document doc : request.docs()) {
      if (doc.text() != null) {
        doc.embedding(NdArray.of(encode(doc.text(), dim)));
      }
    }
  }

  /**
   * The unit-length feature-hash vector of {@code text}: each word that is not a stop word counts 1,
   * and each character trigram of the word (padded with spaces) counts 0.5, hashed with a sign into
   * {@code dim} buckets.
   */
  static float[] encode(String text, int dim) {
    float[] v = new float[dim];
    for (String word : WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty() || STOP_WORDS.contains(word)) {
        continue;
      }
      add(v, "w:" + word, 1f);
      String padded = " " + word + " ";
      for (int i = 0; i + 3 <= padded.length(); i++) {
        add(v, padded.substring(i, i + 3), 0.5f);
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dim; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  private static void add(float[] v, String feature, float weight) {
    int h = feature.hashCode();
    v[Math.floorMod(h, v.length)] += (h & 1) == 0 ? weight : -weight;
  }

  @Override
  public void close() {}
}

package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.Locale;

/**
 * A demo encoder with no model: hashes the character trigrams of each document's text into a
 * fixed-size float32 vector, normalized to unit length, and sets it as the embedding. Texts that
 * share many trigrams get close vectors, which is enough to demonstrate search. Documents without
 * text are left alone. Argument {@code dim} (with): vector size, default 128.
 */
public final class HashingTextEncoder implements Executor {
  private int dim = 128;

  /** An encoder of 128-d vectors (change with the {@code dim} argument). */
  public HashingTextEncoder() {}

  @Override
  public void open(ExecutorContext context) {
    double d = context.with().getNumber("dim", 128);
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

  /** The unit-length trigram hash vector of {@code text}. */
  static float[] encode(String text, int dim) {
    float[] v = new float[dim];
    String s = " " + text.toLowerCase(Locale.ROOT) + " ";
    for (int i = 0; i + 3 <= s.length(); i++) {
      int h = s.substring(i, i + 3).hashCode();
      v[Math.floorMod(h, dim)] += (h & 1) == 0 ? 1f : -1f;
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

  @Override
  public void close() {}
}

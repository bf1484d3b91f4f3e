package dev.jflow.neural;

import dev.jflow.api.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads a Hugging Face {@code tokenizer.json} of a WordPiece model: its {@code model.vocab} and settings. */
final class Vocabulary {
  private Vocabulary() {}

  /** The tokenizer {@code json} describes; an {@link IOException} says what it lacks. */
  static WordPiece read(byte[] json) throws IOException {
    Map<?, ?> model;
    Map<?, ?> vocab;
    try {
      model = (Map<?, ?>) ((Map<?, ?>) Json.parse(new String(json, StandardCharsets.UTF_8))).get("model");
      vocab = model == null ? null : (Map<?, ?>) model.get("vocab");
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IOException("SentenceEncoder: the tokenizer's JSON cannot be read: " + e.getMessage(), e);
    }
    if (vocab == null || !"WordPiece".equals(model.get("type"))) {
      throw new IOException("SentenceEncoder: the tokenizer's JSON describes no WordPiece model with a vocab");
    }
    Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
    for (Map.Entry<?, ?> e : vocab.entrySet()) {
      Object id = e.getValue();
      double d = id instanceof Number ? ((Number) id).doubleValue() : Double.NaN;
      if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
        String shown = id instanceof String ? "'" + id + "'" : String.valueOf(id);
        throw new IOException("SentenceEncoder: the tokenizer's JSON maps the vocab entry '" + e.getKey() + "' to " + shown
            + ", not to a token id (an integer from 0)");
      }
      ids.put(String.valueOf(e.getKey()), (int) d);
    }
    Object unk = model.get("unk_token");
    Object prefix = model.get("continuing_subword_prefix");
    Object maxChars = model.get("max_input_chars_per_word");
    try {
      return new WordPiece(ids, unk instanceof String ? (String) unk : "[UNK]", prefix instanceof String ? (String) prefix : "##",
          maxChars instanceof Number ? ((Number) maxChars).intValue() : 100);
    } catch (IllegalArgumentException e) {
      throw new IOException("SentenceEncoder: the tokenizer's JSON: " + e.getMessage(), e);
    }
  }
}

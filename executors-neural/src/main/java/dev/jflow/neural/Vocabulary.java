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
    vocab.forEach((piece, id) -> ids.put((String) piece, ((Number) id).intValue()));
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

package dev.jflow.neural;

import static dev.jflow.neural.Encoders.cosine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our tokenizer and model path against langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel}, which
 * tokenizes with Hugging Face's own (native) tokenizer: the same token ids, the same embeddings.
 */
class Langchain4jReferenceTest {
  /** Accents, punctuation, CJK, digits, symbols, a word of no known piece and one over 100 characters. */
  static final List<String> TRICKY = List.of(
      "The cat sleeps on the warm windowsill.",
      "Crème brûlée at the café, naïvely façade-like: ÉCOLE Ørsted Ångström!",
      "Don't stop—it's 3:45 p.m. (roughly), isn't it?!...",
      "東京タワーは高い。我喜欢北京烤鸭。",
      "Emoji 🐱🐶 and symbols © ® ™ € £ ¥ § ¶ • ± × ÷ ∞",
      "supercalifragilisticexpialidocious antidisestablishmentarianism",
      "x" + "y".repeat(120) + " after a very long word",
      "tab\tnew\nline\r\nand\u00a0no-break\u2003em space\u200bzero width",
      "Ελληνικά, русский, עברית, العربية, हिन्दी, 한국어",
      "Numbers 3.14159, 1,000,000 and 42nd street #hashtag @user https://example.com/a?b=c",
      "UPPER lower MiXeD İstanbul ẞ straße");

  @Test
  void ourTokenIdsAreHuggingFaceTokenizersIds() throws Exception {
    WordPiece ours;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(MiniLm.TOKENIZER)) {
      ours = Vocabulary.read(in.readAllBytes());
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(MiniLm.TOKENIZER);
        HuggingFaceTokenizer theirs = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"))) {
      for (String text : TRICKY) {
        long[] expected = theirs.encode(text, true, false).getIds();
        int[] got = ours.encode(text, 512);
        assertArrayEquals(expected, Arrays.stream(got).asLongStream().toArray(), text);
      }
    }
  }

  /**
   * One text per ONNX call (batch_size 1), as langchain4j embeds: the same vectors. In batches the
   * quantized model's per-call activation scales move them a little (cosine 0.98 or more).
   */
  @Test
  void ourEmbeddingsAreLangchain4jsEmbeddings() throws Exception {
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    List<String> texts = new ArrayList<>(SentenceEncoderTest.SENTENCES);
    texts.addAll(TRICKY);
    try (SentenceEncoder single = Encoders.open("batch_size", 1); SentenceEncoder batched = Encoders.open()) {
      float[][] ours = single.encode(texts);
      float[][] inBatches = batched.encode(texts);
      for (int i = 0; i < texts.size(); i++) {
        float[] theirs = reference.embed(texts.get(i)).content().vector();
        assertTrue(cosine(ours[i], theirs) >= 0.9999, "cosine " + cosine(ours[i], theirs) + " for: " + texts.get(i));
        assertTrue(cosine(inBatches[i], theirs) >= 0.98, "batched, cosine " + cosine(inBatches[i], theirs) + " for: " + texts.get(i));
      }
    }
  }
}

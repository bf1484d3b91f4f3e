package dev.jflow.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tokenizer.json that is not what the model needs fails with an IOException saying what is wrong. */
class VocabularyTest {
  private static WordPiece read(String vocab) throws IOException {
    String json = "{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", \"vocab\": " + vocab + "}}";
    return Vocabulary.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGoodVocabularyTokenizes() throws IOException {
    WordPiece w = read("{\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"cat\": 3, \"##s\": 4}");
    assertEquals(List.of(1, 3, 4, 0, 2), Arrays.stream(w.encode("cats dog", 16)).boxed().toList());
  }

  @Test
  void anEntryThatIsNoTokenIdIsNamed() {
    IOException text = assertThrows(IOException.class, () -> read("{\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"cat\": \"three\"}"));
    assertEquals("SentenceEncoder: the tokenizer's JSON maps the vocab entry 'cat' to 'three', not to a token id (an integer from 0)",
        text.getMessage());
    IOException fraction = assertThrows(IOException.class, () -> read("{\"[UNK]\": 0.5, \"[CLS]\": 1, \"[SEP]\": 2}"));
    assertEquals("SentenceEncoder: the tokenizer's JSON maps the vocab entry '[UNK]' to 0.5, not to a token id (an integer from 0)",
        fraction.getMessage());
    assertThrows(IOException.class, () -> read("{\"[UNK]\": [0], \"[CLS]\": 1, \"[SEP]\": 2}"));
  }
}

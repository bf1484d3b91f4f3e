package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quickstart, kept compiling and true. */
class QuickstartTest {
  @Test
  void theReadmeQuickstartFindsTheCat() {
    try (Flow flow = Flow.builder()
        .add("encoder", HashingTextEncoder::new)
        .add("indexer", VectorIndexer::new)
        .build().start()) {
      flow.index(List.of(Document.ofText("the cat sat on the mat"), Document.ofText("stocks fell")));
      Response r = flow.search(List.of(Document.ofText("a cat on a mat")), 1).get(0);
      assertEquals("the cat sat on the mat", r.docs().get(0).matches().get(0).text());
    }
  }
}

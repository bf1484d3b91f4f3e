package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchExecutorsTest {

  @Test
  void similarTextsAreFoundFirstAndDeletedOnesAreGone() {
    VectorIndexer index = new VectorIndexer();
    try (Flow f = Flow.builder().add("encoder", HashingTextEncoder::new).add("indexer", () -> index).build().start()) {
      f.index(List.of(Document.withId("cat").text("the cat sat on the mat"),
          Document.withId("dog").text("a dog barked at the mailman"),
          Document.withId("stock").text("stock prices fell sharply today")));
      List<Response> rs = f.search(List.of(Document.ofText("a cat sat on a mat")), 2);
      List<Document> matches = rs.get(0).docs().get(0).matches();
      assertEquals(2, matches.size());
      assertEquals("cat", matches.get(0).id());
      assertEquals("the cat sat on the mat", matches.get(0).text(), "matches carry the stored content");
      assertTrue(matches.get(0).score().value() > matches.get(1).score().value(), "best first");
      assertEquals("cosine", matches.get(0).score().opName());
      f.delete(List.of("cat"));
      assertEquals(2, index.size());
      assertEquals("dog", f.search(List.of(Document.ofText("dog barked")), 1).get(0).docs().get(0).matches().get(0).id());
    }
  }

  @Test
  void theEncoderDimensionIsConfigurableAndValidated() {
    try (Flow f = Flow.builder().add(PodSpec.builder("enc").uses(HashingTextEncoder.class).with("dim", 16).build()).build().start()) {
      assertEquals(16, f.index(List.of(Document.ofText("hello"))).get(0).docs().get(0).embedding().size());
    }
    Flow bad = Flow.builder().add(PodSpec.builder("enc").uses(HashingTextEncoder.class).with("dim", -3).build()).build();
    FlowException e = assertThrows(FlowException.class, bad::start);
    assertTrue(e.getMessage().contains("'dim' must be a positive integer, got -3"), e.getMessage());
  }
}

package dev.jflow.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SentenceEncoder in a Flow, named by its short name as YAML names it. */
class SentenceEncoderFlowTest {
  @Test
  void aFlowUsingSentenceEncoderByShortNameReturnsUnitEmbeddings() {
    try (Flow flow = Flow.builder().add(PodSpec.builder("enc").uses("SentenceEncoder").replicas(2).with("batch_size", 4).build())
        .build().start()) {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < SentenceEncoderTest.SENTENCES.size(); i++) {
        docs.add(Document.withId("s" + i).text(SentenceEncoderTest.SENTENCES.get(i)));
      }
      List<Response> indexed = flow.index(docs);
      assertTrue(indexed.stream().noneMatch(Response::isError), () -> indexed.toString());
      List<Document> back = indexed.stream().flatMap(r -> r.docs().stream()).toList();
      assertEquals(docs.size(), back.size());
      for (Document d : back) {
        assertArrayEquals(new int[] {SentenceEncoder.DIM}, d.embedding().shape(), d.id());
        assertEquals(1.0, Encoders.norm(d.embedding().toFloatArray()), 1e-5, d.id());
      }

      List<Response> failed = flow.index(List.of(Document.withId("empty")));
      assertTrue(failed.get(0).isError(), "a document without text fails its request");
      assertTrue(failed.get(0).toString().contains("no text to encode: 'empty'"), failed.get(0).toString());
      assertFalse(flow.search(List.of(Document.ofText("a kitten")), 1).get(0).isError(), "the Flow keeps serving");
    }
  }
}

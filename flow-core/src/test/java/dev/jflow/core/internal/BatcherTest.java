package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Input;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private static Input item(String id) {
    return Input.of(Document.withId(id));
  }

  private static List<String> ids(List<Input> batch) {
    return batch.stream().map(i -> i.document().id()).collect(Collectors.toList());
  }

  @Test
  void asksForOneBatchAtATimeAndSaysWhenItIsFull() {
    Batcher b = new Batcher(3);
    assertEquals(3, b.ask());
    assertEquals(0, b.ask(), "the first ask is still being answered");
    assertFalse(b.add(item("a")));
    assertFalse(b.add(item("b")));
    assertEquals(0, b.ask());
    assertTrue(b.add(item("c")));
    assertEquals(List.of("a", "b", "c"), ids(b.take()));
    assertEquals(3, b.ask(), "a new batch");
  }

  @Test
  void asksOnlyForTheRestOfAPartlyFilledBatch() {
    Batcher b = new Batcher(4);
    assertEquals(4, b.ask());
    b.add(item("a"));
    b.add(item("b"));
    b.add(item("c"));
    b.add(item("d"));
    b.take();
    assertEquals(4, b.ask());
    b.add(item("e")); // one of the four asked for: the input is asked nothing more until the other three come
    assertEquals(0, b.ask());
  }

  @Test
  void theEndGivesTheLastPartialBatchAndStopsAsking() {
    Batcher b = new Batcher(3);
    b.ask();
    b.add(item("a"));
    assertFalse(b.done());
    assertEquals(List.of("a"), ids(b.end()));
    assertTrue(b.done());
    assertEquals(0, b.ask());

    Batcher empty = new Batcher(3);
    assertNull(empty.end(), "no batch when nothing is left");
  }

  @Test
  void requestSizeZeroTakesTheWholeInputInOneBatch() {
    Batcher b = new Batcher(0);
    assertEquals(Long.MAX_VALUE, b.ask());
    for (int i = 0; i < 1000; i++) {
      assertFalse(b.add(item("d" + i)));
    }
    assertEquals(1000, b.end().size());
  }
}

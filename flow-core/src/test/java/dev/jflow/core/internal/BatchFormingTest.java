package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jflow.api.DynamicBatching;
import dev.jflow.api.JsonMap;
import dev.jflow.api.RequestType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFormingTest {
  private static final long MS = 1_000_000;
  private static final RequestBatch.Key INDEX = new RequestBatch.Key(RequestType.INDEX, new JsonMap(), false);
  private static final RequestBatch.Key SEARCH = new RequestBatch.Key(RequestType.SEARCH, JsonMap.of(java.util.Map.of("top_k", 3)), false);
  private final BatchForming forming = new BatchForming(DynamicBatching.builder().preferredBatchSize(4).timeout(Duration.ofMillis(10)).build());

  record W(String name, RequestBatch.Key key, int size, long arrived) implements BatchForming.Waiting {}

  @Test
  void aGroupGoesOnceItHoldsThePreferredSizeKeepingArrivalOrderAndTheOthersWait() {
    W a = new W("a", INDEX, 1, 0);
    W q = new W("q", SEARCH, 1, 1);
    W b = new W("b", INDEX, 2, 2);
    W c = new W("c", INDEX, 2, 3);
    W d = new W("d", INDEX, 1, 4);
    BatchForming.Choice<W> choice = forming.next(List.of(a, q, b, c, d), 5, false);
    assertEquals(List.of(a, b, c), choice.batch(), "a group may pass the preferred size by less than its last request");
  }

  @Test
  void nothingGoesBeforeTheOldestIsDueThenItsGroupGoesWithWhatWaits() {
    W q = new W("q", SEARCH, 1, 0);
    W a = new W("a", INDEX, 1, 2 * MS);
    W r = new W("r", SEARCH, 1, 3 * MS);
    BatchForming.Choice<W> waiting = forming.next(List.of(q, a, r), 9 * MS, false);
    assertNull(waiting.batch());
    assertEquals(10 * MS, waiting.due(), "due when the oldest has waited the timeout");
    assertEquals(List.of(q, r), forming.next(List.of(q, a, r), 10 * MS, false).batch());
    assertEquals(List.of(q, r), forming.next(List.of(q, a, r), 0, true).batch(), "a closing group waits no more");
  }

  @Test
  void aRequestThatNeverBatchesGoesAtOnceInItsTurn() {
    W a = new W("a", INDEX, 1, 0);
    W big = new W("big", null, 9, 1);
    assertEquals(List.of(big), forming.next(List.of(a, big), 2, false).batch());
  }
}

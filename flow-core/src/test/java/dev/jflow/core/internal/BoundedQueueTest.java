package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedQueueTest {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  private Flow blocked(PodSpec.Builder pod) {
    return Flow.builder().add(pod.uses(() -> r -> {
      entered.countDown();
      release.await(20, TimeUnit.SECONDS);
    }).build()).build().start();
  }

  private static CompletableFuture<List<Response>> one(Flow f, Document d) {
    return f.async().index(List.of(d));
  }

  @Test
  void aRequestBeyondMaxQueueIsRefusedAtOnceAndTheAcceptedOnesAreServed() throws Exception {
    try (Flow f = blocked(PodSpec.builder("narrow").maxQueue(2))) {
      CompletableFuture<List<Response>> first = one(f, Document.ofText("1"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<List<Response>> second = one(f, Document.ofText("2"));
      CompletableFuture<List<Response>> third = one(f, Document.ofText("3"));
      await().atMost(10, TimeUnit.SECONDS).until(() -> f.status().pod("narrow").queued() == 2);

      CompletableFuture<List<Response>> fourth = one(f, Document.ofText("4"));
      FlowException refused = Await.failure(fourth, Duration.ofSeconds(10));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      assertTrue(refused.getMessage().contains("pod 'narrow' refused a request: 2 requests already wait for a free replica,"
          + " its limit (max_queue 2)"), refused.getMessage());
      assertTrue(refused.getMessage().contains("raise the pod's maxQueue or replicas"), refused.getMessage());
      assertFalse(first.isDone() || second.isDone() || third.isDone(), "the refusal came while the pod was still busy");

      release.countDown();
      for (CompletableFuture<List<Response>> accepted : List.of(first, second, third)) {
        assertEquals(Status.Code.SUCCESS, accepted.get(10, TimeUnit.SECONDS).get(0).status().code(), "accepted work is served");
      }
    }
  }

  @Test
  void aRequestBeyondMaxQueueBytesIsRefusedNamingTheLimit() throws Exception {
    try (Flow f = blocked(PodSpec.builder("small").maxQueueBytes(10_000))) {
      CompletableFuture<List<Response>> first = one(f, Document.ofText("1"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));

      CompletableFuture<List<Response>> big = one(f, Document.ofText("x".repeat(20_000)));
      FlowException refused = Await.failure(big, Duration.ofSeconds(10));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      assertTrue(refused.getMessage().contains("the limit is 10000 (max_queue_bytes)"), refused.getMessage());

      release.countDown();
      assertEquals(Status.Code.SUCCESS, first.get(10, TimeUnit.SECONDS).get(0).status().code());
    }
  }
}

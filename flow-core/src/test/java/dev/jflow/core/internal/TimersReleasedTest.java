package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimersReleasedTest {

  @Test
  void finishedRequestsLeaveNoTimerBehindEvenWithLongTimeouts() {
    Duration long_ = Duration.ofMinutes(10);
    try (Flow f = Flow.builder()
        .add(PodSpec.builder("left").timeout(long_).build())
        .add(PodSpec.builder("right").needs("gateway").timeout(long_).build())
        .add(PodSpec.builder("join").needs("left", "right").timeout(long_).build())
        .build().start()) {
      int before = Timers.pending();
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        docs.add(Document.ofText("doc " + i));
      }
      List<Response> answers = f.index(Inputs.of(docs), CallOptions.builder().requestSize(1).timeout(long_).build());

      assertEquals(300, answers.size());
      answers.forEach(r -> assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().description()));
      assertEquals(before, Timers.pending(), "every deadline, pod and join timer is cancelled with its request");
    }
  }

  @Test
  void aRunningRequestHoldsItsTimersAndReleasesThemWhenAnswered() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Flow f = Flow.builder()
        .add(PodSpec.builder("held").timeout(Duration.ofMinutes(10)).uses(() -> r -> {
          entered.countDown();
          release.await(20, TimeUnit.SECONDS);
        }).build())
        .build().start()) {
      int before = Timers.pending();
      CompletableFuture<List<Response>> call = f.async().index(Inputs.of(Document.ofText("x")),
          CallOptions.builder().timeout(Duration.ofMinutes(10)).build());
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      assertTrue(Timers.pending() > before, "the call and its request are timed while they run");
      release.countDown();
      assertEquals(Status.Code.SUCCESS, call.get(10, TimeUnit.SECONDS).get(0).status().code());
      assertEquals(before, Timers.pending());
    }
  }
}

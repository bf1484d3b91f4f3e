package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.internal.Timers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallFutureTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch inputClosed = new CountDownLatch(1);
  private final AtomicInteger handled = new AtomicInteger();

  private Flow slowFlow() {
    return Flow.builder().add(PodSpec.builder("slow").uses(() -> r -> {
      handled.incrementAndGet();
      release.await(20, TimeUnit.SECONDS);
    }).build()).build().start();
  }

  private CompletableFuture<List<Response>> search(Flow f) {
    Stream<Document> queries = IntStream.range(0, 50).mapToObj(i -> Document.ofText("q" + i)).onClose(inputClosed::countDown);
    return f.async().search(Inputs.of(queries), CallOptions.builder().requestSize(1).prefetch(1).build());
  }

  @Test
  void orTimeoutFailsTheCallAndStopsIt() throws Exception {
    try (Flow f = slowFlow()) {
      CompletableFuture<List<Response>> call = search(f).orTimeout(200, TimeUnit.MILLISECONDS);

      ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
      assertInstanceOf(TimeoutException.class, e.getCause());
      assertTrue(inputClosed.await(10, TimeUnit.SECONDS), "the cancelled call stops reading (and closes) its input");
      release.countDown();
    }
    assertEquals(1, handled.get(), "no request is sent after the timeout");
  }

  @Test
  void completeOnTimeoutGivesTheValueAndStopsTheCall() throws Exception {
    try (Flow f = slowFlow()) {
      CompletableFuture<List<Response>> call = search(f).completeOnTimeout(List.of(), 200, TimeUnit.MILLISECONDS);

      assertEquals(List.of(), call.get(10, TimeUnit.SECONDS));
      assertTrue(inputClosed.await(10, TimeUnit.SECONDS), "the call is cancelled when the value is used");
      release.countDown();
    }
    assertEquals(1, handled.get());
  }

  @Test
  void aCallDoneBeforeItsTimeoutLeavesNoTimer() throws Exception {
    release.countDown();
    try (Flow f = slowFlow()) {
      int before = Timers.pending();
      List<Response> answers = search(f).orTimeout(10, TimeUnit.MINUTES).get(10, TimeUnit.SECONDS);
      assertEquals(50, answers.size());
      assertEquals(before, Timers.pending());
    }
  }

  @Test
  void callersStillCannotCompleteIt() {
    try (Flow f = slowFlow()) {
      CompletableFuture<List<Response>> call = search(f);
      assertThrows(UnsupportedOperationException.class, () -> call.complete(List.of()));
      assertThrows(UnsupportedOperationException.class, () -> call.completeExceptionally(new RuntimeException()));
      assertThrows(UnsupportedOperationException.class, () -> call.obtrudeValue(List.of()));
      release.countDown();
    }
  }

  @Test
  void aCallCancelledBeforeItsFirstRequestClosesItsStream() throws Exception {
    release.countDown();
    try (Flow f = slowFlow()) {
      Stream<Document> queries = Stream.of(Document.ofText("q")).onClose(inputClosed::countDown);
      f.async().stream(dev.jflow.api.RequestType.SEARCH, Inputs.of(queries), CallOptions.defaults())
          .subscribe(new java.util.concurrent.Flow.Subscriber<Response>() {
            @Override public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
              s.cancel();
            }

            @Override public void onNext(Response item) {}

            @Override public void onError(Throwable t) {}

            @Override public void onComplete() {}
          });
      assertTrue(inputClosed.await(10, TimeUnit.SECONDS), "the unread stream is closed");
    }
    assertEquals(0, handled.get());
  }
}

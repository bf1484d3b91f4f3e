package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientRetryTest {
  private static final int DOCS = 30;

  /** One replica that works ~20 ms a request, with room for one waiting request. */
  private static Flow tinyQueue() {
    return Flow.builder().add(PodSpec.builder("tiny").maxQueue(1).uses(() -> r -> Thread.sleep(20)).build()).build().start();
  }

  private static CompletableFuture<List<Response>> index(Flow f, int maxAttempts) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      docs.add(Document.withId("doc-" + i));
    }
    return f.async().index(Inputs.of(docs), CallOptions.builder().requestSize(1).prefetch(50).maxAttempts(maxAttempts)
        .retryBackoff(Duration.ofMillis(50)).build());
  }

  @Test
  void withoutRetriesARefusalFailsTheCall() {
    try (Flow f = tinyQueue()) {
      FlowException refused = Await.failure(index(f, 1), Duration.ofSeconds(30));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      assertTrue(refused.getMessage().contains("pod 'tiny' refused a request"), refused.getMessage());
    }
  }

  @Test
  void withRetriesEveryAnswerArrivesOnce() throws Exception {
    try (Flow f = tinyQueue()) {
      List<Response> answers = index(f, 5).get(30, TimeUnit.SECONDS);

      assertEquals(DOCS, answers.size());
      Set<String> ids = new TreeSet<>();
      for (Response r : answers) {
        assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().description());
        ids.add(r.docs().get(0).id());
      }
      assertEquals(DOCS, ids.size(), "each request is answered once: " + ids);
    }
  }

  @Test
  void whenAttemptsRunOutTheErrorSaysHowManyWereMade() {
    AtomicInteger opened = new AtomicInteger();
    ClientTransport refusing = failingWith(Status.Code.UNAVAILABLE, "the gateway is down", opened);
    ClientEngine engine = new ClientEngine(() -> refusing, ForkJoinPool.commonPool());
    CompletableFuture<List<Response>> call = engine.call(RequestType.INDEX, Inputs.of(Document.ofText("x")),
        CallOptions.builder().maxAttempts(3).retryBackoff(Duration.ofMillis(1)).build());

    FlowException failed = Await.failure(call, Duration.ofSeconds(30));
    assertEquals(Status.Code.UNAVAILABLE, failed.code());
    assertTrue(failed.getMessage().contains("the gateway is down (gave up after 3 attempts"), failed.getMessage());
    assertEquals(3, opened.get());
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger opened = new AtomicInteger();
    ClientTransport invalid = failingWith(Status.Code.INVALID_ARGUMENT, "bad request", opened);
    ClientEngine engine = new ClientEngine(() -> invalid, ForkJoinPool.commonPool());
    CompletableFuture<List<Response>> call = engine.call(RequestType.INDEX, Inputs.of(Document.ofText("x")),
        CallOptions.builder().maxAttempts(3).build());

    assertEquals(Status.Code.INVALID_ARGUMENT, Await.failure(call, Duration.ofSeconds(30)).code());
    assertEquals(1, opened.get());
  }

  /** A transport whose every call fails with {@code code} at the first request; counts the calls opened. */
  private static ClientTransport failingWith(Status.Code code, String description, AtomicInteger opened) {
    return new ClientTransport() {
      @Override
      public ClientCall open(ResponseObserver observer, Duration timeout) {
        opened.incrementAndGet();
        return new ClientCall() {
          @Override
          public void send(dev.jflow.api.Request request) {
            observer.onError(new FlowException(code, description));
          }

          @Override
          public void halfClose() {}

          @Override
          public void cancel(String reason) {}
        };
      }

      @Override
      public void close() {}
    };
  }
}

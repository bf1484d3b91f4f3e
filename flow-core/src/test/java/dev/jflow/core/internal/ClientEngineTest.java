package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.Request;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.testing.Collecting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientEngineTest {
  private final List<Flow> flows = new ArrayList<>();

  private Flow start(Flow f) {
    flows.add(f);
    return f.start();
  }

  @AfterEach
  void closeFlows() {
    flows.forEach(Flow::close);
  }

  private static List<Document> texts(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId("t" + i).text("text " + i)).collect(Collectors.toList());
  }

  private static List<String> docIds(List<Response> rs) {
    return rs.stream().flatMap(r -> r.docs().stream()).map(Document::id).collect(Collectors.toList());
  }

  @Test
  void everyKindOfInputArrives() throws Exception {
    Flow f = start(Flow.builder().add().build());
    CallOptions opts = CallOptions.builder().requestSize(7).build();
    assertEquals(30, docIds(f.index(Inputs.of(texts(30).stream()), opts)).size(), "stream");
    AtomicInteger n = new AtomicInteger();
    assertEquals(12, docIds(f.index(Inputs.generate(() -> n.get() < 12 ? Document.ofText("g" + n.getAndIncrement()) : null), opts)).size(), "generator");
    SubmissionPublisher<Document> pub = new SubmissionPublisher<>();
    CompletableFuture<List<Response>> call = f.async().index(Inputs.from(pub), opts);
    texts(20).forEach(pub::submit);
    pub.close(); // closing ends the input
    assertEquals(20, docIds(call.get(10, TimeUnit.SECONDS)).size(), "publisher");
    List<Response> paired = f.index(Inputs.pairs(List.of(Map.entry(Document.withId("x"), Document.withId("x").text("truth")))), opts);
    assertEquals("truth", paired.get(0).groundtruths().get(0).text(), "groundtruths travel beside their documents");
  }

  @Test
  void requestSizeZeroSendsEverythingInOneRequestAndEmptyInputSendsNothing() {
    Flow f = start(Flow.builder().add().build());
    List<Response> one = f.index(Inputs.of(texts(345)), CallOptions.builder().requestSize(0).build());
    assertEquals(1, one.size());
    assertEquals(345, one.get(0).docs().size());
    assertEquals(List.of(), f.index(List.of()));
  }

  @Test
  void prefetchBoundsHowMuchInputIsReadAhead() {
    Semaphore gate = new Semaphore(0);
    AtomicInteger pulled = new AtomicInteger();
    Flow f = start(Flow.builder().add("gate", () -> request -> gate.acquire()).build());
    Iterator<Document> source = Stream.generate(() -> {
      pulled.incrementAndGet();
      return Document.ofText("x");
    }).limit(100).iterator();
    CompletableFuture<List<Response>> call = f.async().index(Inputs.of(() -> source),
        CallOptions.builder().requestSize(2).prefetch(3).build());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pulled.get() >= 6);
    // the gate holds every request: no more than prefetch (3) requests of 2 documents are read
    Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> pulled.get() <= 6);
    gate.release(1000);
    assertEquals(100, docIds(call.join()).size());
  }

  /** A transport that holds every request until the client half-closes, then answers them in reverse. */
  private static final class ReversingTransport implements ClientTransport {
    @Override
    public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
      List<Request> got = new ArrayList<>();
      return new ClientCall() {
        @Override
        public void send(Request request) {
          got.add(request);
        }

        @Override
        public void halfClose() {
          for (int i = got.size() - 1; i >= 0; i--) {
            observer.onNext(Response.of(got.get(i), Status.SUCCESS, List.of()));
          }
          observer.onCompleted();
        }

        @Override
        public void cancel(String reason) {}
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void resultsInOrderRestoresRequestOrderWhateverOrderResponsesArriveIn() {
    ClientEngine engine = new ClientEngine(ReversingTransport::new, Runnable::run);
    List<String> sent = texts(40).stream().map(Document::id).collect(Collectors.toList());
    CallOptions base = CallOptions.builder().requestSize(1).prefetch(100).build();
    List<String> asTheyCame = docIds(engine.call(RequestType.INDEX, Inputs.of(texts(40)), base).join());
    List<String> reversed = new ArrayList<>(sent);
    java.util.Collections.reverse(reversed);
    assertEquals(reversed, asTheyCame, "by default responses are delivered as they arrive");
    List<String> ordered = docIds(engine.call(RequestType.INDEX, Inputs.of(texts(40)), base.toBuilder().resultsInOrder(true).build()).join());
    assertEquals(sent, ordered);
  }

  @Test
  void aGatewayThatEndsTheCallEarlyFailsItClearly() {
    ClientTransport quitter = new ClientTransport() {
      @Override
      public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
        return new ClientCall() {
          @Override
          public void send(Request request) {
            observer.onCompleted();
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
    ClientEngine engine = new ClientEngine(() -> quitter, Runnable::run);
    CompletableFuture<List<Response>> call = engine.call(RequestType.INDEX, Inputs.of(texts(3)), CallOptions.defaults());
    FlowException e = dev.jflow.api.internal.Futures.toFlowException(assertThrows(Exception.class, call::join));
    assertEquals(Status.Code.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("requests unanswered"), e.getMessage());
  }

  @Test
  void aThrowingCallbackFailsTheCallUnlessContinueOnError() {
    Flow f = start(Flow.builder().add().build());
    FlowException e = assertThrows(FlowException.class, () -> f.index(Inputs.of(texts(30)),
        CallOptions.builder().requestSize(10).onDone(r -> {
          throw new IllegalArgumentException("bad callback");
        }).build()));
    assertEquals(Status.Code.ERROR, e.code());
    assertTrue(e.getMessage().contains("onDone callback threw"), e.getMessage());
    assertTrue(e.getCause() instanceof IllegalArgumentException);

    AtomicInteger always = new AtomicInteger();
    List<Response> rs = f.index(Inputs.of(texts(30)), CallOptions.builder().requestSize(10).continueOnError(true)
        .onDone(r -> {
          throw new IllegalArgumentException("bad callback");
        }).onAlways(r -> always.incrementAndGet()).build());
    assertEquals(3, rs.size());
    assertEquals(3, always.get());
  }

  @Test
  void returnResultsOffKeepsNothingButCallbacksStillRun() {
    Flow f = start(Flow.builder().add().build());
    AtomicInteger done = new AtomicInteger();
    List<Response> rs = f.index(Inputs.of(texts(50)), CallOptions.builder().requestSize(5).returnResults(false).onDone(r -> done.incrementAndGet()).build());
    assertEquals(List.of(), rs);
    assertEquals(10, done.get());
  }

  @Test
  void aFailingInputFailsTheCallWithItsReason() {
    Flow f = start(Flow.builder().add().build());
    AtomicInteger n = new AtomicInteger();
    FlowException e = assertThrows(FlowException.class, () -> f.index(Inputs.generate(() -> {
      if (n.incrementAndGet() > 5) {
        throw new IllegalStateException("disk on fire");
      }
      return Document.ofText("x");
    })));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    assertEquals(1, f.index(texts(1)).size(), "the flow keeps serving");
  }

  @Test
  void thePublisherHonoursDemand() {
    AtomicInteger handled = new AtomicInteger();
    Flow f = start(Flow.builder().add("count", () -> request -> handled.incrementAndGet()).build());
    Collecting<Response> sub = new Collecting<>(0);
    f.async().stream(RequestType.INDEX, Inputs.of(texts(100)), CallOptions.builder().requestSize(1).prefetch(4).build()).subscribe(sub);
    Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> handled.get() == 0);
    sub.request(2);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sub.items.size() == 2);
    // two taken, at most prefetch (4) more answered-but-not-taken or in flight
    Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> handled.get() <= 6 && sub.items.size() == 2);
    sub.request(Long.MAX_VALUE);
    sub.done.join();
    assertEquals(100, sub.items.size());
  }

  @Test
  void searchSendsTopKAndCallParameters() {
    List<Object> seen = new ArrayList<>();
    Flow f = start(Flow.builder().add("spy", () -> request -> {
      seen.add(request.topK(-1));
      seen.add(request.parameters().get("mode"));
    }).build());
    f.search(Inputs.of(texts(1)), CallOptions.builder().topK(7).parameter("mode", "fast").build());
    assertEquals(List.of(7, "fast"), seen);
  }

  @Test
  void callOptionsRejectBadValuesAllAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> CallOptions.builder().prefetch(0).topK(-2).build());
    assertTrue(e.getMessage().contains("prefetch must be at least 1, got 0"), e.getMessage());
    assertTrue(e.getMessage().contains("topK must be 0 (unset) or positive, got -2"), e.getMessage());
  }
}

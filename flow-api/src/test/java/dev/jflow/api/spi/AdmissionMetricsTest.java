package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.testing.HeldHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the admission reports to the gateway's meters: every call, request, answer and refusal, once each. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdmissionMetricsTest {

  /** Counts what the admission reports. */
  static final class Meters implements GatewayMetrics {
    final AtomicLong opened = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong admitted = new AtomicLong();
    final AtomicLong longestWait = new AtomicLong();
    final Map<Status.Code, Integer> answered = new ConcurrentHashMap<>();
    final Map<Status.Code, Integer> refused = new ConcurrentHashMap<>();

    @Override
    public void callOpened() {
      opened.incrementAndGet();
    }

    @Override
    public void callClosed() {
      closed.incrementAndGet();
    }

    @Override
    public void received(long bytes) {
      received.incrementAndGet();
    }

    @Override
    public void admitted(long waitNanos) {
      admitted.incrementAndGet();
      longestWait.accumulateAndGet(waitNanos, Math::max);
    }

    @Override
    public void answered(Status.Code code, long latencyNanos) {
      answered.merge(code, 1, Integer::sum);
    }

    @Override
    public void refused(Status.Code code) {
      refused.merge(code, 1, Integer::sum);
    }

    /** What a gauge of requests in flight would show: admitted and not yet answered. */
    long inFlight() {
      return admitted.get() - answered.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** A held Flow whose gateway meters are {@link #meters}; it remembers which protocol was asked. */
  static final class Metered implements RequestHandler {
    final HeldHandler held = new HeldHandler();
    final Meters meters = new Meters();
    final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Response> handle(Request request, Duration timeout) {
      return held.handle(request, timeout);
    }

    @Override
    public GatewayMetrics gatewayMetrics(String protocol) {
      asked.add(protocol);
      return meters;
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  private static Request request(String id) {
    return Request.builder(RequestType.INDEX).id(id).build();
  }

  /** Opens one call on a fresh admission of {@code config}, offers {@code requests} and ends its input; returns how it ended. */
  private static FlowException refusedCall(Metered flow, GatewayConfig config, Credentials credentials, Request... requests)
      throws Exception {
    AdmissionTest.Recorded sink = new AdmissionTest.Recorded();
    AdmittedCall call = Admission.of(config, flow).open(sink, null, credentials);
    for (Request r : requests) {
      call.offer(r, 10);
    }
    call.halfClose();
    flow.held.answerAll();
    return sink.ended.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aCallReportsItsRequestsTheirWaitForASlotAndTheirAnswersThenClosesOnce() throws Exception {
    Metered flow = new Metered();
    Admission admission = Admission.of(GatewayConfig.builder().protocol("grpc").prefetch(1).build(), flow);
    AdmissionTest.Recorded sink = new AdmissionTest.Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(request("a"), 10);
    call.offer(request("b"), 20); // waits for a's slot
    call.halfClose();
    Meters m = flow.meters;
    assertEquals(1, m.opened.get());
    assertEquals(2, m.received.get());
    assertEquals(1, m.admitted.get(), "b waits for a's slot");
    Thread.sleep(20); // b's measured wait must cover a's run: a wait is what is measured
    flow.held.answer("a");
    flow.held.answer("b");
    assertNull(sink.ended.get(5, TimeUnit.SECONDS));
    assertEquals(2, m.admitted.get());
    assertTrue(m.longestWait.get() >= TimeUnit.MILLISECONDS.toNanos(20), "b waited for a: " + m.longestWait);
    assertEquals(Map.of(Status.Code.SUCCESS, 2), m.answered);
    assertEquals(Map.of(), m.refused);
    assertEquals(1, m.closed.get());
    call.cancel("the client went away after the end"); // nothing more: the call has ended
    assertEquals(1, m.closed.get());
    assertEquals(List.of("grpc"), flow.asked, "the meters of the configured protocol, asked once per gateway");
  }

  @Test
  void aTransportsAdmissionAsksOnceForTheMetersOfItsOwnProtocolAndHandsThemOut() {
    Metered flow = new Metered();
    Admission automatic = Admission.of(GatewayConfig.builder().build(), flow, "websocket");
    assertSame(flow.meters, automatic.metrics(), "the transport reports to the admission's meters");
    Admission.of(GatewayConfig.builder().protocol("grpc").build(), flow, "grpc");
    Admission.of(GatewayConfig.builder().build(), flow);
    assertEquals(List.of("websocket", "grpc", "auto"), flow.asked, "an automatic protocol is the transport serving it");
    assertSame(GatewayMetrics.none(), new Admission() {
      @Override
      public AdmittedCall open(CallSink sink, Duration timeout, Credentials credentials, TraceContext trace) {
        return null;
      }

      @Override
      public CompletableFuture<Void> drain() {
        return null;
      }

      @Override
      public boolean isDraining() {
        return false;
      }

      @Override
      public int openCalls() {
        return 0;
      }

      @Override
      public long heldBytes() {
        return 0;
      }
    }.metrics(), "an admission of its own reports nowhere unless it says so");
  }

  @Test
  void eachRefusalIsReportedWithItsCodeAndTheCallClosesOnce() throws Exception {
    GatewayConfig open = GatewayConfig.builder().build();
    Map<Status.Code, FlowException> seen = new java.util.LinkedHashMap<>();
    Metered flow = new Metered();
    GatewayConfig tokens = GatewayConfig.builder().authenticator(BearerTokens.builder()
        .dataTokens(Secret.of("metrics-data-token-0123456789")).build()).build();
    seen.put(Status.Code.UNAUTHENTICATED, refusedCall(flow, tokens, Credentials.none(), request("a")));
    seen.put(Status.Code.PERMISSION_DENIED, refusedCall(flow, open, Credentials.none(),
        Request.builder(RequestType.CONTROL).id("reload").parameters(Map.of("command", "RELOAD")).build()));
    seen.put(Status.Code.INVALID_ARGUMENT, refusedCall(flow, GatewayConfig.builder().maxTopK(5).build(), Credentials.none(),
        Request.builder(RequestType.SEARCH).id("greedy").parameters(Map.of(Request.TOP_K, 100)).build()));
    seen.forEach((code, e) -> assertEquals(code, e == null ? null : e.code(), String.valueOf(e)));
    Meters m = flow.meters;
    assertEquals(Map.of(Status.Code.UNAUTHENTICATED, 1, Status.Code.PERMISSION_DENIED, 1, Status.Code.INVALID_ARGUMENT, 1), m.refused);
    assertEquals(3, m.opened.get());
    assertEquals(3, m.closed.get());
    assertEquals(0, m.admitted.get(), "nothing refused ran");
  }

  @Test
  void requestsOverTheRateOrAByteBudgetAreRefusedWithResourceExhausted() throws Exception {
    Metered flow = new Metered();
    FlowException overRate = refusedCall(flow, GatewayConfig.builder().maxRequestsPerSecond(1).burst(1).build(), Credentials.none(),
        request("first"), request("second"));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, overRate.code(), overRate.toString());
    FlowException overStream = refusedCall(flow, GatewayConfig.builder().prefetch(1).maxStreamBytes(15).build(), Credentials.none(),
        request("runs"), request("over"));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, overStream.code(), overStream.toString());
    Meters m = flow.meters;
    assertEquals(Map.of(Status.Code.RESOURCE_EXHAUSTED, 2), m.refused);
    assertEquals(2, m.opened.get());
    assertEquals(2, m.closed.get());
  }

  @Test
  void aDrainingGatewayReportsTheCallsAndRequestsItRefusesAndTheCallsItCutsAsUnavailable() throws Exception {
    Metered flow = new Metered();
    Admission admission = Admission.of(GatewayConfig.builder().drainGrace(Duration.ofMillis(100)).build(), flow);
    AdmissionTest.Recorded running = new AdmissionTest.Recorded();
    AdmittedCall call = admission.open(running, null);
    call.offer(request("stuck"), 10);
    CompletableFuture<Void> drained = admission.drain();
    call.offer(request("late-1"), 10);
    call.offer(request("late-2"), 10);
    AdmissionTest.Recorded refused = new AdmissionTest.Recorded();
    admission.open(refused, null);
    assertEquals(Status.Code.UNAVAILABLE, refused.ended.get(5, TimeUnit.SECONDS).code());
    assertEquals(Status.Code.UNAVAILABLE, running.ended.get(5, TimeUnit.SECONDS).code(), "cut by the grace period");
    drained.handle((v, cut) -> cut).get(5, TimeUnit.SECONDS); // reported once every cut call has ended
    Meters m = flow.meters;
    assertEquals(Map.of(Status.Code.UNAVAILABLE, 4), m.refused, "two late requests, one new call, one call cut");
    assertEquals(Map.of(Status.Code.UNAVAILABLE, 1), m.answered, "the request the cut abandoned is answered as the call ended");
    assertEquals(0, m.inFlight(), m.admitted + " admitted, answered " + m.answered);
    assertEquals(2, m.opened.get());
    assertEquals(2, m.closed.get());
  }

  @Test
  void aFailedFutureIsAnsweredWithItsCodeAndAClientsCancellationIsNoRefusal() throws Exception {
    Metered flow = new Metered();
    Admission admission = Admission.of(GatewayConfig.builder().build(), flow);
    AdmissionTest.Recorded sink = new AdmissionTest.Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(request("shed"), 10);
    flow.held.future("shed").completeExceptionally(new FlowException(Status.Code.RESOURCE_EXHAUSTED, "pod 'x' is full"));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, sink.ended.get(5, TimeUnit.SECONDS).code());

    AdmissionTest.Recorded cancelled = new AdmissionTest.Recorded();
    AdmittedCall gone = admission.open(cancelled, null);
    gone.offer(request("abandoned"), 10);
    gone.fail(new FlowException(Status.Code.CANCELLED, "the client cancelled"));
    assertEquals(Status.Code.CANCELLED, cancelled.ended.get(5, TimeUnit.SECONDS).code());
    AdmittedCall left = admission.open(new AdmissionTest.Recorded(), null);
    left.cancel("the client went away");

    Meters m = flow.meters;
    assertEquals(Map.of(Status.Code.RESOURCE_EXHAUSTED, 1, Status.Code.CANCELLED, 1), m.answered,
        "the shed request with its code, the abandoned one as the client ended its call");
    assertEquals(Map.of(), m.refused);
    assertEquals(0, m.inFlight());
    assertEquals(3, m.opened.get());
    assertEquals(3, m.closed.get());
  }

  @Test
  void aClientsCancelAnswersEveryRunningRequestAsCancelledSoNoneStaysInFlight() throws Exception {
    Metered flow = new Metered();
    Admission admission = Admission.of(GatewayConfig.builder().prefetch(2).build(), flow);
    AdmittedCall call = admission.open(new AdmissionTest.Recorded(), null);
    call.offer(request("a"), 10);
    call.offer(request("b"), 10);
    call.offer(request("waiting"), 10); // beyond prefetch: never starts
    Meters m = flow.meters;
    assertEquals(2, m.admitted.get());
    assertEquals(2, m.inFlight());

    call.cancel("the client went away");
    assertEquals(Map.of(Status.Code.CANCELLED, 2), m.answered, "each started request once, as the call ended");
    assertEquals(0, m.inFlight());
    assertTrue(flow.held.future("a").isCancelled(), "the Flow's work is abandoned");
    flow.held.answerAll(); // an answer arriving after the end changes nothing
    call.offer(request("late"), 10); // dropped unread: not counted
    assertEquals(Map.of(Status.Code.CANCELLED, 2), m.answered);
    assertEquals(3, m.received.get(), "only what the live call took");
    assertEquals(Map.of(), m.refused, "a client's cancel is no refusal");
    assertEquals(1, m.closed.get());
  }

  @Test
  void aFailingRequestFailsTheCallAndItsRunningSiblingsAreAnsweredWithTheFailuresCode() throws Exception {
    Metered flow = new Metered();
    Admission admission = Admission.of(GatewayConfig.builder().build(), flow);
    AdmissionTest.Recorded sink = new AdmissionTest.Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(request("sibling-1"), 10);
    call.offer(request("sibling-2"), 10);
    call.offer(request("shed"), 10);
    flow.held.future("shed").completeExceptionally(new FlowException(Status.Code.RESOURCE_EXHAUSTED, "pod 'x' is full"));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, sink.ended.get(5, TimeUnit.SECONDS).code());
    call.offer(request("after-the-failure"), 10); // dropped unread: not counted

    Meters m = flow.meters;
    assertEquals(3, m.admitted.get());
    assertEquals(Map.of(Status.Code.RESOURCE_EXHAUSTED, 3), m.answered, "the failed request and the two it took down");
    assertEquals(0, m.inFlight());
    assertEquals(3, m.received.get(), "only what the live call took");
    assertEquals(1, m.closed.get());
  }

  @Test
  void aResponseWaitingToBeSentWhenTheCallEndsIsAnsweredOnceAsTheCallEnded() throws Exception {
    Metered flow = new Metered();
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CallSink sink = new CallSink() {
      @Override
      public void send(Request request, Response response) {
        sending.countDown();
        try {
          release.await(10, TimeUnit.SECONDS); // a slow client: this thread's drain loop is busy sending
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void complete() {}

      @Override
      public void fail(FlowException error) {}
    };
    AdmittedCall call = Admission.of(GatewayConfig.builder().build(), flow).open(sink, null);
    call.offer(request("a"), 10);
    call.offer(request("b"), 10);
    CompletableFuture<Void> answeringA = CompletableFuture.runAsync(() -> flow.held.answer("a"));
    assertTrue(sending.await(10, TimeUnit.SECONDS));
    flow.held.answer("b"); // queued behind a's send
    call.cancel("the client went away");
    release.countDown();
    answeringA.get(10, TimeUnit.SECONDS);

    Meters m = flow.meters;
    assertEquals(Map.of(Status.Code.SUCCESS, 1, Status.Code.CANCELLED, 1), m.answered, "a was sent; b never was");
    assertEquals(0, m.inFlight());
    assertEquals(1, m.closed.get());
  }
}

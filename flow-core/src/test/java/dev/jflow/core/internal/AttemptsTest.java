package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttemptsTest {
  /** One transport call: what was sent on it, and its observer to answer with. */
  private static final class Opened implements ClientCall {
    final ResponseObserver observer;
    final Duration timeout;
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean halfClosed;
    volatile String cancelled;

    Opened(ResponseObserver observer, Duration timeout) {
      this.observer = observer;
      this.timeout = timeout;
    }

    @Override
    public void send(Request request) {
      sent.add(request.id());
    }

    @Override
    public void halfClose() {
      halfClosed = true;
    }

    @Override
    public void cancel(String reason) {
      cancelled = reason;
    }

    void answer(String id) {
      observer.onNext(Response.of(Request.builder(RequestType.INDEX).id(id).build(), Status.SUCCESS, List.of()));
    }
  }

  /** The call the attempts work for: records answers and the failure. */
  private static final class Owner implements Attempts.Owner {
    final List<Long> answered = new CopyOnWriteArrayList<>();
    volatile Throwable failure;
    volatile boolean inputDone;

    @Override public boolean ended() {
      return false;
    }

    @Override public boolean over() {
      return failure != null;
    }

    @Override public boolean inputDone() {
      return inputDone;
    }

    @Override public void answered(long seq, Response response) {
      answered.add(seq);
    }

    @Override public void fail(Throwable t) {
      if (failure == null) {
        failure = t;
      }
    }

    final java.util.concurrent.atomic.AtomicInteger changed = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();

    @Override public void changed() {
      changed.incrementAndGet();
    }

    @Override public void heard() {
      heard.incrementAndGet();
    }
  }

  private final List<Opened> calls = new CopyOnWriteArrayList<>();
  private final ClientTransport transport = new ClientTransport() {
    @Override
    public ClientCall open(ResponseObserver observer, Duration timeout) {
      Opened o = new Opened(observer, timeout);
      calls.add(o);
      return o;
    }

    @Override
    public void close() {}
  };
  private final Owner owner = new Owner();

  private Attempts attempts(CallOptions options, int requests) {
    Attempts a = new Attempts(owner, owner, transport, options, Runnable::run);
    a.open();
    synchronized (owner) {
      for (int i = 0; i < requests; i++) {
        a.add(Request.builder(RequestType.INDEX).id("r" + i).build());
      }
    }
    a.send();
    return a;
  }

  private static CallOptions retrying(int maxAttempts) {
    return CallOptions.builder().maxAttempts(maxAttempts).retryBackoff(Duration.ofMillis(1)).timeout(Duration.ofMinutes(1)).build();
  }

  @Test
  void sendsEverythingThenHalfClosesOnceTheInputIsDone() {
    Attempts a = attempts(CallOptions.defaults(), 3);
    Opened first = calls.get(0);
    assertEquals(List.of("r0", "r1", "r2"), first.sent);
    assertEquals(false, first.halfClosed);
    owner.inputDone = true;
    a.send();
    assertTrue(first.halfClosed);
    first.answer("r1");
    assertEquals(List.of(1L), owner.answered);
    synchronized (owner) {
      assertEquals(2, a.unanswered());
      assertEquals(3, a.added());
    }
  }

  @Test
  void aRetrySendsTheUnansweredOnANewCallAndIgnoresTheOldOne() {
    Attempts a = attempts(retrying(3), 3);
    Opened first = calls.get(0);
    first.answer("r1");
    first.observer.onError(new FlowException(Status.Code.UNAVAILABLE, "gone"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
    Opened second = calls.get(1);
    assertEquals(List.of("r0", "r2"), second.sent, "the unanswered, earliest first");
    assertTrue(second.timeout.compareTo(Duration.ofMinutes(1)) <= 0, "the new call gets what is left of the timeout");

    first.answer("r0"); // late, from the replaced call
    first.observer.onError(new FlowException(Status.Code.UNAVAILABLE, "gone again"));
    assertEquals(List.of(1L), owner.answered, "signals of a replaced call are ignored");
    assertEquals(2, calls.size());

    second.answer("r0");
    second.answer("r2");
    assertEquals(List.of(1L, 0L, 2L), owner.answered);
    assertEquals(null, owner.failure);
    synchronized (owner) {
      assertEquals(0, a.unanswered());
    }
  }

  @Test
  void afterARefusalTheNewCallCarriesHalfAsMany() {
    Attempts a = attempts(retrying(2), 8);
    calls.get(0).observer.onError(new FlowException(Status.Code.RESOURCE_EXHAUSTED, "full"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
    Opened second = calls.get(1);
    assertEquals(List.of("r0", "r1", "r2", "r3"), second.sent);
    a.send();
    assertEquals(4, second.sent.size(), "the window is full");
    second.answer("r0");
    a.send();
    assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), second.sent, "an answer makes room for one more");
  }

  @Test
  void whenAttemptsRunOutOrTheFailureIsNotRetryableTheCallFails() {
    attempts(retrying(1), 1);
    calls.get(0).observer.onError(new FlowException(Status.Code.UNAVAILABLE, "gone"));
    assertEquals(Status.Code.UNAVAILABLE, ((FlowException) owner.failure).code());
    assertEquals(1, calls.size());
  }

  @Test
  void aCallThatEndsWithRequestsUnansweredFails() {
    attempts(CallOptions.defaults(), 2);
    calls.get(0).answer("r0");
    calls.get(0).observer.onCompleted();
    FlowException e = (FlowException) owner.failure;
    assertEquals(Status.Code.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("ended the call with 1 of 2 requests unanswered"), e.getMessage());
  }

  @Test
  void whatTheTransportSaysIsHeardOnItsThreadAndWhatARetryDoesIsNot() {
    attempts(retrying(2), 2);
    Opened first = calls.get(0);
    first.answer("r0");
    assertEquals(1, owner.heard.get(), "a response is heard, so the call may deliver it on the transport's thread");
    first.observer.onError(new FlowException(Status.Code.UNAVAILABLE, "gone"));
    assertEquals(2, owner.heard.get(), "so is the failure of a transport call");
    assertEquals(0, owner.changed.get(), "nothing else signalled so far");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
    calls.get(1).answer("r1");
    calls.get(1).observer.onCompleted();
    assertEquals(4, owner.heard.get(), "the new call's response and end are heard too");
  }

  @Test
  void anAnswerToAnUnknownRequestFailsTheCall() {
    attempts(CallOptions.defaults(), 1);
    calls.get(0).answer("stranger");
    assertEquals(Status.Code.INTERNAL, ((FlowException) owner.failure).code());
    assertEquals(new ArrayList<Long>(), owner.answered);
  }
}

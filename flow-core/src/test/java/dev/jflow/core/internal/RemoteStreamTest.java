package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One endpoint's stream against a client whose calls the test answers by hand: what shares the stream, what does not, and how a broken stream ends its requests. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteStreamTest {
  /** A call the test answers: what was sent on it and how it ended. */
  static class Call implements ClientCall {
    final ResponseObserver observer;
    final TraceContext trace;
    final List<Request> sent = new CopyOnWriteArrayList<>();
    volatile boolean halfClosed;
    volatile boolean cancelled;

    Call(ResponseObserver observer, TraceContext trace) {
      this.observer = observer;
      this.trace = trace;
    }

    @Override
    public void send(Request request) {
      sent.add(request);
    }

    @Override
    public void halfClose() {
      halfClosed = true;
    }

    @Override
    public void cancel(String reason) {
      cancelled = true;
      observer.onError(new FlowException(Status.Code.CANCELLED, reason));
    }

    /** Answers {@code request} with its documents tagged by this call. */
    void answer(Request request) {
      List<Document> docs = new ArrayList<>();
      request.docs().forEach(d -> docs.add(Document.withId(d.id()).text("answered")));
      observer.onNext(Response.of(Request.builder(request.type()).id(request.id()).docs(docs).build(), Status.SUCCESS, List.of()));
    }
  }

  /** A client that records its calls. */
  static class Client implements ClientTransport {
    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
      return open(observer, timeout, TraceContext.none());
    }

    @Override
    public ClientCall open(ResponseObserver observer, java.time.Duration timeout, TraceContext trace) {
      Call c = new Call(observer, trace);
      calls.add(c);
      return c;
    }

    @Override
    public void close() {}
  }

  private final Client client = new Client();
  private final RemoteStream stream = new RemoteStream(client, "remote pod test");

  private static Request request(String id) {
    return Request.builder(RequestType.INDEX).id(id).docs(List.of(Document.withId(id + "-doc").text("t"))).build();
  }

  private static FlowException failure(CompletableFuture<Response> f) {
    assertTrue(f.isCompletedExceptionally(), "failed");
    return Futures.toFlowException(f.handle((r, e) -> e).join());
  }

  @Test
  void manyRequestsShareOneCallAndRepliesInAnyOrderFindTheirRequest() {
    List<CompletableFuture<Response>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(stream.send(request("r" + i), TraceContext.none()));
    }
    assertEquals(1, client.calls.size(), "one call for all ten");
    Call call = client.calls.get(0);
    assertEquals(10, call.sent.size());
    assertFalse(call.halfClosed, "kept open while in use");
    for (int i = 9; i >= 0; i--) {
      assertFalse(answers.get(i).isDone());
      call.answer(call.sent.get(i));
      assertEquals("r" + i, answers.get(i).join().requestId());
      assertEquals("r" + i + "-doc", answers.get(i).join().docs().get(0).id());
    }
    stream.send(request("later"), TraceContext.none());
    assertEquals(1, client.calls.size(), "the stream stays open for later requests");
  }

  @Test
  void probesTracedRequestsAndASecondRequestWithAnIdInFlightGoOnCallsOfTheirOwn() {
    CompletableFuture<Response> first = stream.send(request("same"), TraceContext.none());
    CompletableFuture<Response> second = stream.send(request("same"), TraceContext.none());
    Request status = Request.builder(RequestType.CONTROL).parameters(Map.of("command", "STATUS")).build();
    stream.send(status, TraceContext.none());
    TraceContext trace = TraceContext.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);
    stream.send(request("traced"), trace);
    assertEquals(4, client.calls.size(), "the stream and three calls of their own");
    Call shared = client.calls.get(0);
    assertEquals(1, shared.sent.size());
    assertTrue(client.calls.get(1).halfClosed && client.calls.get(2).halfClosed && client.calls.get(3).halfClosed);
    assertEquals(RequestType.CONTROL, client.calls.get(2).sent.get(0).type());
    assertEquals(trace, client.calls.get(3).trace, "the trace goes with its call");
    client.calls.get(1).answer(client.calls.get(1).sent.get(0));
    assertTrue(second.isDone() && !first.isDone(), "each answer reaches its own caller");
    shared.answer(shared.sent.get(0));
    assertTrue(first.isDone());
  }

  @Test
  void pastItsBoundsARequestGoesOnACallOfItsOwn() {
    for (int i = 0; i < RemoteStream.MAX_REQUESTS; i++) {
      stream.send(request("r" + i), TraceContext.none());
    }
    assertEquals(1, client.calls.size());
    stream.send(request("one-more"), TraceContext.none());
    assertEquals(2, client.calls.size(), "the 513th is not refused and does not wait");
    assertEquals("one-more", client.calls.get(1).sent.get(0).id());
    Call shared = client.calls.get(0);
    shared.answer(shared.sent.get(0));
    stream.send(request("room-again"), TraceContext.none());
    assertEquals(RemoteStream.MAX_REQUESTS + 1, shared.sent.size(), "an answer makes room on the stream");

    RemoteStream other = new RemoteStream(client, "remote pod big");
    char[] text = new char[(int) (RemoteStream.MAX_BYTES / 2) + 1];
    java.util.Arrays.fill(text, 'x');
    Request big = Request.builder(RequestType.INDEX).id("big").docs(List.of(Document.withId("b").text(new String(text)))).build();
    assertTrue(big.estimatedBytes() > RemoteStream.MAX_BYTES / 2, "big: " + big.estimatedBytes());
    other.send(big, TraceContext.none());
    other.send(Request.builder(RequestType.INDEX).id("big2").docs(big.docs()).build(), TraceContext.none());
    assertEquals(4, client.calls.size(), "a stream and a call of its own: two halves do not fit in 32 MiB");
  }

  @Test
  void aLostStreamFailsEachRequestInFlightWithUnavailableAndTheNextRequestOpensAnother() {
    List<CompletableFuture<Response>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(stream.send(request("r" + i), TraceContext.none()));
    }
    Call call = client.calls.get(0);
    call.answer(call.sent.get(2));
    call.observer.onError(new FlowException(Status.Code.UNAVAILABLE, "connection reset"));
    for (int i = 0; i < 5; i++) {
      if (i == 2) {
        assertEquals("r2", answers.get(i).join().requestId());
        continue;
      }
      FlowException e = failure(answers.get(i));
      assertEquals(Status.Code.UNAVAILABLE, e.code());
      assertTrue(e.getMessage().contains("the stream to remote pod test broke with 4 requests in flight: connection reset"),
          e.getMessage());
    }
    assertEquals(1, client.calls.size(), "nothing sent again by the stream: the remote pod retries elsewhere");
    CompletableFuture<Response> next = stream.send(request("next"), TraceContext.none());
    assertEquals(2, client.calls.size(), "a new stream");
    client.calls.get(1).answer(client.calls.get(1).sent.get(0));
    assertEquals("next", next.join().requestId());
  }

  @Test
  void aRefusedStreamSendsEachRequestOnceMoreOnACallOfItsOwn() {
    List<CompletableFuture<Response>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(stream.send(request("r" + i), TraceContext.none()));
    }
    client.calls.get(0).observer.onError(new FlowException(Status.Code.INVALID_ARGUMENT, "request 'r1' asks for top_k=99"));
    assertEquals(4, client.calls.size(), "each of the three on a call of its own");
    for (int i = 1; i <= 3; i++) {
      Call own = client.calls.get(i);
      assertEquals(1, own.sent.size());
      assertTrue(own.halfClosed);
      if (own.sent.get(0).id().equals("r1")) { // refused again, on its own: only it fails
        own.observer.onError(new FlowException(Status.Code.INVALID_ARGUMENT, "request 'r1' asks for top_k=99"));
      } else {
        own.answer(own.sent.get(0));
      }
    }
    assertEquals("r0", answers.get(0).join().requestId());
    assertEquals("r2", answers.get(2).join().requestId());
    FlowException refused = failure(answers.get(1));
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.code());
    assertTrue(refused.getMessage().contains("top_k=99"), refused.getMessage());
    assertEquals(4, client.calls.size(), "sent once more, never twice");
  }

  @Test
  void aResponseToNoRequestInFlightCancelsTheStreamAndFailsWhatWasOnIt() {
    CompletableFuture<Response> a = stream.send(request("a"), TraceContext.none());
    Call call = client.calls.get(0);
    call.answer(request("stranger"));
    assertTrue(call.cancelled, "the stream is cancelled");
    FlowException e = failure(a);
    assertEquals(Status.Code.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("answered request 'stranger', which was not in flight"), e.getMessage());
    call.answer(call.sent.get(0)); // a late answer on the cancelled stream changes nothing
    assertTrue(a.isCompletedExceptionally());
  }

  @Test
  void closingFailsWhatIsInFlightAtOnceAndRefusesLaterRequests() {
    CompletableFuture<Response> a = stream.send(request("a"), TraceContext.none());
    CompletableFuture<Response> b = stream.send(request("b"), TraceContext.none());
    stream.close();
    assertTrue(client.calls.get(0).cancelled, "a stream with requests in flight is cancelled");
    for (CompletableFuture<Response> f : List.of(a, b)) {
      FlowException e = failure(f);
      assertEquals(Status.Code.UNAVAILABLE, e.code());
      assertTrue(e.getMessage().contains("closed with 2 requests in flight"), e.getMessage());
    }
    assertEquals(Status.Code.UNAVAILABLE, failure(stream.send(request("c"), TraceContext.none())).code());
    assertEquals(1, client.calls.size(), "nothing opened after the close");

    RemoteStream idle = new RemoteStream(client, "remote pod idle");
    CompletableFuture<Response> done = idle.send(request("d"), TraceContext.none());
    Call call = client.calls.get(1);
    call.answer(call.sent.get(0));
    assertNotNull(done.join());
    idle.close();
    assertTrue(call.halfClosed && !call.cancelled, "an idle stream ends quietly");
  }

  @Test
  void aRequestThatCannotBeWrittenFailsAloneAndTheStreamGoesOn() {
    Client failing = new Client() {
      @Override
      public ClientCall open(ResponseObserver observer, java.time.Duration timeout, TraceContext trace) {
        Call c = new Call(observer, trace) {
          @Override
          public void send(Request request) {
            if (request.id().equals("bad")) {
              throw new FlowException(Status.Code.INVALID_ARGUMENT, "cannot encode 'bad'");
            }
            super.send(request);
          }
        };
        calls.add(c);
        return c;
      }
    };
    RemoteStream s = new RemoteStream(failing, "remote pod f");
    CompletableFuture<Response> ok = s.send(request("ok"), TraceContext.none());
    assertEquals(Status.Code.INVALID_ARGUMENT, failure(s.send(request("bad"), TraceContext.none())).code());
    CompletableFuture<Response> ok2 = s.send(request("ok2"), TraceContext.none());
    Call call = failing.calls.get(0);
    call.answer(call.sent.get(0));
    call.answer(call.sent.get(1));
    assertEquals("ok", ok.join().requestId());
    assertEquals("ok2", ok2.join().requestId());
    assertEquals(1, failing.calls.size());
  }

  @Test
  void aCallThatCannotSendAnyMoreIsLetGoAndItsRequestsFailAsLost() {
    Client broken = new Client() {
      @Override
      public ClientCall open(ResponseObserver observer, java.time.Duration timeout, TraceContext trace) {
        Call c = new Call(observer, trace) {
          @Override
          public void send(Request request) {
            if (request.id().equals("boom")) {
              throw new IllegalStateException("call was cancelled");
            }
            super.send(request);
          }
        };
        calls.add(c);
        return c;
      }
    };
    RemoteStream s = new RemoteStream(broken, "remote pod b");
    CompletableFuture<Response> first = s.send(request("first"), TraceContext.none());
    CompletableFuture<Response> boom = s.send(request("boom"), TraceContext.none());
    for (CompletableFuture<Response> f : List.of(first, boom)) {
      FlowException e = failure(f);
      assertEquals(Status.Code.UNAVAILABLE, e.code());
      assertTrue(e.getMessage().contains("broke with 2 requests in flight: could not send on the stream"), e.getMessage());
    }
    assertTrue(broken.calls.get(0).cancelled, "the unusable call is cancelled");
    s.send(request("next"), TraceContext.none());
    assertEquals(2, broken.calls.size(), "the next request opens a new stream");
  }
}

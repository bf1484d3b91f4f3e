package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admitted call. Every change of state is recorded under the lock, then one drain loop at a time
 * acts on it outside the lock: it fails, sends, starts, completes or asks for input. So the sink is
 * never called concurrently, a response is always sent before the completion it enables, and a
 * handler that answers at once cannot recurse.
 *
 * <p>It reports to the gateway's {@link GatewayMetrics}: the call opened and (once, however it ends)
 * closed; each request offered while the call is live ({@code received}; one offered after the call
 * ended or failed is dropped and not counted), started ({@code admitted}, after its wait from offer to
 * start) and, exactly once for every start, answered: with its response's status or a failed future's
 * code, after the time from offer to the sink; or, when the call ends first (a client's cancel, a
 * sibling's failure, the drain's cut), with the code the call ended with (CANCELLED, the failure's,
 * UNAVAILABLE), so that the requests in flight always come back to zero. A request still waiting in the
 * backlog when the call ends never started and is not answered. Each refusal is reported with its code:
 * the authenticator's, a role's PERMISSION_DENIED, a budget's or the rate's RESOURCE_EXHAUSTED, a
 * {@code top_k}'s INVALID_ARGUMENT, UNAVAILABLE while draining, and what the transport or the drain fails
 * the call with (a client's CANCELLED is not a refusal).
 */
final class DefaultAdmittedCall implements AdmittedCall {
  private static final System.Logger LOG = System.getLogger(DefaultAdmittedCall.class.getName());
  /** The most a request's deadline is shortened by: a quarter of what is left, at most this. */
  private static final long DEADLINE_MARGIN_MS = 250;
  /** Deadlines further away than this are no deadline (and cannot overflow the clock). */
  private static final Duration LONGEST = Duration.ofDays(365L * 100);

  private final DefaultAdmission admission;
  private final RequestHandler handler;
  private final GatewayMetrics metrics;
  private final TraceContext trace;
  private final CallSink sink;
  private final Caller caller;
  private final int prefetch;
  private final long maxStreamBytes;
  private final RequestPolicy policy;
  private final RateLimits.CallLimit rate;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile long deadlineNanos;

  // guarded by this
  private final ArrayDeque<Slot> backlog = new ArrayDeque<>();
  private final Set<Slot> running = new HashSet<>();
  private final ArrayDeque<Slot> answered = new ArrayDeque<>();
  private long heldBytes;
  private int requested;
  private boolean inputDone;
  private boolean draining;
  private String refused;
  private FlowException failure;
  private boolean ended;

  /** One request from offer to sent response. */
  private static final class Slot {
    final Request request;
    final long bytes;
    final long offeredNanos;
    CompletableFuture<Response> future;
    Response response;

    Slot(Request request, long bytes, long offeredNanos) {
      this.request = request;
      this.bytes = bytes;
      this.offeredNanos = offeredNanos;
    }
  }

  /**
   * @param caller who called, as the authenticator found; null when {@code refused}
   * @param refused why the call is refused before it starts (its authentication failed), or null
   */
  DefaultAdmittedCall(DefaultAdmission admission, RequestHandler handler, CallSink sink, GatewayConfig config, Duration timeout,
      Caller caller, FlowException refused, TraceContext trace) {
    this.admission = admission;
    this.trace = trace == null ? TraceContext.none() : trace;
    this.handler = handler;
    this.metrics = admission.metrics();
    this.sink = sink;
    this.caller = caller;
    this.failure = refused; // reported by the first step, before any input is asked for
    this.prefetch = config.prefetch();
    this.maxStreamBytes = config.maxStreamBytes();
    this.policy = RequestPolicy.of(config);
    this.rate = admission.rateLimit(caller);
    deadline(timeout);
    metrics.callOpened();
    if (refused != null) {
      metrics.refused(refused.code());
    }
    drainLoop(); // asks a pull transport for its first requests
  }

  @Override
  public void deadline(Duration timeout) {
    if (timeout == null || timeout.compareTo(LONGEST) >= 0) {
      deadlineNanos = Long.MAX_VALUE; // none, or so far away that it is none
    } else {
      deadlineNanos = System.nanoTime() + Math.max(0, timeout.toNanos());
    }
  }

  @Override
  public void offer(Request request, long bytes) {
    long now = System.nanoTime();
    FlowException refusal = policy.refusal(request);
    FlowException overRate = rate.refusal(request); // every request offered counts, whatever becomes of it
    Status.Code refusedWith = null;
    synchronized (this) {
      if (ended) {
        return;
      }
      boolean pulled = requested > 0;
      if (pulled) {
        requested--;
      }
      if (failure != null) {
        return;
      }
      FlowException denied = Access.refusal(caller, request); // the caller's role against the request's
      if (inputDone) {
        failure = new FlowException(Status.Code.INVALID_ARGUMENT, "request '" + request.id() + "' came after the end of input");
      } else if (denied != null) {
        failure = denied;
      } else if (draining || admission.isDraining()) {
        draining = true;
        refusedWith = Status.Code.UNAVAILABLE;
        if (refused == null) {
          refused = request.id();
        }
      } else if (refusal != null) {
        failure = refusal;
      } else if (overRate != null) {
        failure = overRate;
      } else if (!pulled && heldBytes > 0 && heldBytes + bytes > maxStreamBytes) {
        failure = new FlowException(Status.Code.RESOURCE_EXHAUSTED, "maxStreamBytes=" + maxStreamBytes + " reached: this "
            + "stream holds " + heldBytes + " bytes of requests and request '" + request.id() + "' has " + bytes
            + " more (prefetch=" + prefetch + "); send fewer at once");
      } else if (!admission.reserve(bytes)) {
        failure = new FlowException(Status.Code.RESOURCE_EXHAUSTED, admission.overBudget(request.id(), bytes));
      } else {
        heldBytes += bytes;
        backlog.add(new Slot(request, bytes, now));
      }
      if (failure != null) {
        refusedWith = failure.code(); // this request failed the call: it had none before
      }
    }
    metrics.received(bytes); // taken while the call was live (the returns above drop what comes after its end)
    if (refusedWith != null) {
      metrics.refused(refusedWith);
    }
    drainLoop();
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      inputDone = true;
    }
    drainLoop();
  }

  /** Fails the call with {@code error}, a refusal (the transport's bad input, the drain's cut) unless the client cancelled. */
  @Override
  public void fail(FlowException error) {
    boolean first = failWith(error);
    if (first && error.code() != Status.Code.CANCELLED) {
      metrics.refused(error.code());
    }
    drainLoop();
  }

  /** Records {@code error} as the call's failure unless it has one or ended; whether it did. */
  private synchronized boolean failWith(FlowException error) {
    if (failure != null || ended) {
      return false;
    }
    failure = error;
    return true;
  }

  @Override
  public void onReady() {
    drainLoop();
  }

  /** The gateway drains: read nothing more; end once what was accepted is answered. */
  void drain() {
    synchronized (this) {
      draining = true;
    }
    drainLoop();
  }

  @Override
  public void cancel(String reason) {
    List<Slot> abandoned;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      abandoned = takeAll();
    }
    if (!abandoned.isEmpty()) {
      LOG.log(System.Logger.Level.DEBUG, "call ended ({0}); abandoning {1} requests", reason, abandoned.size());
    }
    abandon(abandoned, Status.Code.CANCELLED);
    ended();
  }

  /** The call ended (exactly once, however it ended): the admission and the meters hear it. */
  private void ended() {
    try {
      admission.ended(this);
    } finally {
      metrics.callClosed();
    }
  }

  /**
   * Empties the call and returns its bytes (caller holds the lock); returns the slots to abandon: every
   * started one whose answer was not sent, running or answered but not yet sent. Taking a slot out of
   * {@code running} or {@code answered} under the lock is what lets exactly one path answer it.
   */
  private List<Slot> takeAll() {
    List<Slot> all = new ArrayList<>(running);
    all.addAll(answered);
    running.clear();
    backlog.clear();
    answered.clear();
    admission.release(heldBytes);
    heldBytes = 0;
    return all;
  }

  /** Stops the started {@code slots} and reports each answered with {@code code}, the one the call ended with. */
  private void abandon(List<Slot> slots, Status.Code code) {
    long now = System.nanoTime();
    for (Slot s : slots) {
      try {
        CompletableFuture<Response> f;
        synchronized (this) {
          f = s.future;
        }
        if (f != null) {
          f.cancel(false);
        }
      } finally {
        metrics.answered(code, now - s.offeredNanos);
      }
    }
  }

  // ---- the drain loop

  private void drainLoop() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (safeStep()) {
        // act until there is nothing to do
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** One step; a throw (an Error such as OutOfMemoryError included) fails the call instead of leaving it stuck. */
  private boolean safeStep() {
    try {
      return step();
    } catch (Throwable t) {
      synchronized (this) {
        if (ended) {
          return false;
        }
        if (failure == null) {
          failure = STEP_FAILED;
        }
      }
      LOG.log(System.Logger.Level.ERROR, "a call failed inside the gateway", t);
      return true;
    }
  }

  /** Made in advance: when memory has run out, building a message may fail too. */
  private static final FlowException STEP_FAILED = new FlowException(Status.Code.INTERNAL,
      "the gateway failed while running this call (see its log); the call was ended");

  /** Takes one action; false when there is none. */
  private boolean step() {
    boolean ready = sink.readsOnDemand() && sink.isReady();
    FlowException fail = null;
    List<Slot> abandoned = null;
    Slot send = null;
    Slot start = null;
    boolean complete = false;
    int request = 0;
    synchronized (this) {
      if (ended) {
        return false;
      }
      if (failure != null) {
        ended = true;
        fail = failure;
        abandoned = takeAll();
      } else if (!answered.isEmpty()) {
        send = answered.poll();
        heldBytes -= send.bytes;
        admission.release(send.bytes);
      } else if (!backlog.isEmpty() && running.size() < prefetch) {
        start = backlog.poll();
        // under the lock, so that an end of the call, which answers every running slot, comes after it
        metrics.admitted(System.nanoTime() - start.offeredNanos);
        running.add(start);
      } else if (backlog.isEmpty() && running.isEmpty() && (inputDone || draining)) {
        ended = true;
        admission.release(heldBytes); // nothing is held now; this only guards the budget against a slip
        heldBytes = 0;
        if (inputDone && refused == null) {
          complete = true;
        } else {
          fail = new FlowException(Status.Code.UNAVAILABLE, "the gateway is shutting down; " + (refused != null
              ? "request '" + refused + "' and any after it were not accepted" : "this call's input had not ended")
              + ": send the rest to another gateway");
          abandoned = List.of();
        }
      } else if (ready && !inputDone && !draining && heldBytes < maxStreamBytes) {
        request = prefetch - running.size() - backlog.size() - requested;
        if (request <= 0) {
          return false;
        }
        requested += request;
      } else {
        return false;
      }
    }
    if (fail != null) {
      abandon(abandoned, fail.code());
      if (fail.code() == Status.Code.INTERNAL) {
        LOG.log(System.Logger.Level.ERROR, "a call failed: " + fail.getMessage(), fail.getCause() != null ? fail.getCause() : fail);
      }
      try {
        sink.fail(fail);
      } finally {
        ended();
      }
    } else if (send != null) {
      send(send);
    } else if (start != null) {
      start(start);
    } else if (complete) {
      try {
        sink.complete();
      } finally {
        ended();
      }
    } else {
      sink.request(request);
    }
    return true;
  }

  private void send(Slot slot) {
    Response response = slot.response;
    metrics.answered(response.status().code(), System.nanoTime() - slot.offeredNanos);
    try {
      sink.send(slot.request, Access.visible(caller, slot.request, response));
    } catch (Throwable t) {
      failWith(new FlowException(Status.Code.INTERNAL, "cannot send the response to '" + slot.request.id() + "': " + t, t));
    }
  }

  private void start(Slot slot) {
    CompletableFuture<Response> f;
    try {
      f = handler.handle(slot.request, timeLeft(), trace);
      if (f == null) {
        throw new NullPointerException("the request handler returned no future");
      }
    } catch (Throwable t) {
      f = CompletableFuture.failedFuture(t);
    }
    boolean abandoned;
    synchronized (this) {
      slot.future = f;
      abandoned = ended;
    }
    if (abandoned) {
      f.cancel(false);
      return;
    }
    f.whenComplete((response, error) -> completed(slot, response, error));
  }

  private void completed(Slot slot, Response response, Throwable error) {
    FlowException failed = null;
    synchronized (this) {
      if (ended || !running.remove(slot)) {
        return;
      }
      if (error != null || response == null) {
        failed = Futures.toFlowException(error != null ? error
            : new NullPointerException("the request handler completed the future of '" + slot.request.id() + "' with no response"));
        if (failure == null) {
          failure = failed;
        }
      } else {
        slot.response = response;
        answered.add(slot);
      }
    }
    if (failed != null) {
      metrics.answered(failed.code(), System.nanoTime() - slot.offeredNanos);
    }
    drainLoop();
  }

  /**
   * What is left of the deadline less a margin, so that the Flow's own DEADLINE_EXCEEDED, which names
   * the slow pod, reaches the client before its own timer fires: a quarter of what is left, at most
   * {@value #DEADLINE_MARGIN_MS} ms, so a loaded machine's scheduling delays do not let the client's
   * timer win (50 ms was too little on 2 busy cores).
   */
  private Duration timeLeft() {
    long deadline = deadlineNanos;
    if (deadline == Long.MAX_VALUE) {
      return null;
    }
    long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    return Duration.ofMillis(Math.max(0, left - Math.min(DEADLINE_MARGIN_MS, left / 4)));
  }
}

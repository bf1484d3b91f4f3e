package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Input;
import dev.jflow.api.Inputs;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.InputReaders;
import dev.jflow.api.internal.Timers;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client engine for one call. It reads the input only while fewer than {@code prefetch} requests
 * are sent-but-unanswered or answered-but-not-taken, cuts it into requests of {@code requestSize}
 * documents, sends them on one transport call, matches responses by request id, and hands them to the
 * subscriber as it asks (in completion order, or request order when {@code resultsInOrder}).
 * Delivery runs on the call's executor, one drain at a time.
 *
 * <p>With {@link CallOptions#maxAttempts()} above 1, a transport call failing with RESOURCE_EXHAUSTED or
 * UNAVAILABLE is replaced after a backoff ({@link Retries}) by a new one, on which every request not
 * yet answered is sent again while input reading goes on; signals from a replaced transport call are
 * ignored. After a refusal the call keeps half as many requests in flight as when it was refused.
 */
final class CallSubscription implements Flow.Subscription {
  private final ClientTransport transport;
  private final RequestType type;
  private final Inputs inputs;
  private final CallOptions options;
  private final Executor executor;
  private final Flow.Subscriber<? super Response> downstream;
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicInteger pumping = new AtomicInteger();
  private final long startNanos = System.nanoTime();

  // guarded by this
  private Flow.Subscription input;
  private ClientCall call;
  private List<Input> batch = new ArrayList<>();
  private long inputOutstanding;
  private boolean inputDone;
  private boolean started;
  private boolean inputTaken; // the input was subscribed to, for reading or for releasing
  private long sent;
  // sent (or to send) and not answered, in request order
  private final Map<String, Outstanding> pending = new LinkedHashMap<>();
  private final ArrayDeque<Outstanding> unsent = new ArrayDeque<>();
  private int attempt = 1;
  private int inFlight; // sent on the current transport call and not answered
  private int window = Integer.MAX_VALUE;
  private boolean halfClosed;
  private final Retries retries;
  private ScheduledFuture<?> retryTimer;
  private final Queue<Response> ready = new ArrayDeque<>();
  private final TreeMap<Long, Response> readyInOrder = new TreeMap<>();
  private long nextInOrder;
  private long demand;
  private Throwable error;
  private boolean terminated;
  private ScheduledFuture<?> backstop;

  CallSubscription(ClientTransport transport, RequestType type, Inputs inputs, CallOptions options, Executor executor,
      Flow.Subscriber<? super Response> downstream) {
    this.transport = transport;
    this.type = type;
    this.inputs = inputs;
    this.options = options;
    this.executor = executor;
    this.downstream = downstream;
    this.retries = new Retries(options);
  }

  /** A request of this call, with its place in request order and the attempt it was last sent on. */
  private static final class Outstanding {
    final long seq;
    final Request request;

    Outstanding(long seq, Request request) {
      this.seq = seq;
      this.request = request;
    }
  }

  void start() {
    downstream.onSubscribe(this);
  }

  // ---- downstream subscription

  @Override
  public void request(long n) {
    boolean open;
    synchronized (this) {
      if (terminated) {
        return;
      }
      if (n <= 0) {
        fail(new IllegalArgumentException("request(" + n + ") violates the Flow spec: demand must be positive"));
        open = false;
      } else {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        open = !started && !inputTaken;
        started = true;
        inputTaken = true;
      }
    }
    if (open) {
      armTimeout();
      ClientCall c = transport.open(new Attempt(1), options.timeout());
      boolean replaced;
      synchronized (this) {
        replaced = attempt != 1; // the call failed while opening and a retry took over
        if (!replaced) {
          call = c;
        }
      }
      if (replaced) {
        c.cancel("replaced by a retry");
      }
      inputs.publisher(executor).subscribe(new InputSubscriber());
    }
    drain();
  }

  /**
   * A backstop for the call's timeout: the gateway normally fails a late request first, naming the
   * pods it is in; if nothing arrives a little after the deadline, the call fails here.
   */
  private void armTimeout() {
    if (options.timeout() == null) {
      return;
    }
    long ms = options.timeout().toMillis() + TIMEOUT_GRACE_MS;
    ScheduledFuture<?> timer = Timers.schedule(() -> {
      synchronized (this) {
        fail(new FlowException(Status.Code.DEADLINE_EXCEEDED, "the call did not finish within " + options.timeout().toMillis()
            + " ms (" + (sent - pending.size()) + " of " + sent + " requests answered)"));
      }
      drain();
    }, ms);
    boolean over;
    synchronized (this) {
      over = terminated;
      backstop = over ? null : timer;
    }
    if (over) {
      timer.cancel(false);
    }
  }

  /** Cancels the call's timers once it has ended, so that an ended call holds nothing until they fire. */
  private void cancelTimers() {
    ScheduledFuture<?> t;
    ScheduledFuture<?> r;
    synchronized (this) {
      t = backstop;
      r = retryTimer;
      backstop = null;
      retryTimer = null;
    }
    if (t != null) {
      t.cancel(false);
    }
    if (r != null) {
      r.cancel(false);
    }
  }

  private static final long TIMEOUT_GRACE_MS = 1_000;

  /** Lets an input that will never be read close what it holds (a stream, a file). */
  private void releaseUnreadInput() {
    boolean release;
    synchronized (this) {
      release = !inputTaken;
      inputTaken = true;
    }
    if (release) {
      try {
        InputReaders.release(inputs.publisher(executor));
      } catch (RuntimeException e) {
        // the call has ended already; an input that cannot even be opened holds nothing to close
      }
    }
  }

  @Override
  public void cancel() {
    Flow.Subscription in;
    ClientCall c;
    synchronized (this) {
      if (terminated) {
        return;
      }
      terminated = true;
      in = input;
      c = call;
    }
    cancelTimers();
    releaseUnreadInput();
    if (in != null) {
      in.cancel();
    }
    if (c != null) {
      c.cancel("cancelled by the caller");
    }
  }

  // ---- transport responses

  /** The observer of one transport call; once the call is replaced by a retry, its signals are ignored. */
  private final class Attempt implements ResponseObserver {
    private final int number;

    Attempt(int number) {
      this.number = number;
    }

    @Override
    public void onNext(Response response) {
      synchronized (CallSubscription.this) {
        if (number != attempt) {
          return;
        }
        Outstanding o = pending.remove(response.requestId());
        if (o == null) {
          fail(new FlowException(Status.Code.INTERNAL, "the gateway answered request id '" + response.requestId()
              + "', which this call did not send or was already answered"));
        } else {
          inFlight--;
          if (options.resultsInOrder()) {
            readyInOrder.put(o.seq, response);
          } else {
            ready.add(response);
          }
        }
      }
      drain();
    }

    @Override
    public void onError(Throwable t) {
      failed(number, t instanceof FlowException ? (FlowException) t
          : new FlowException(Status.Code.UNAVAILABLE, "the call failed: " + t, t));
    }

    @Override
    public void onCompleted() {
      FlowException early = null;
      synchronized (CallSubscription.this) {
        if (number == attempt && !pending.isEmpty()) {
          early = new FlowException(Status.Code.UNAVAILABLE, "the gateway ended the call with " + pending.size()
              + " of " + sent + " requests unanswered");
        }
      }
      if (early != null) {
        failed(number, early);
      } else {
        drain();
      }
    }
  }

  /** Transport call {@code number} failed: retries on a new one after a backoff, or fails the call. */
  private void failed(int number, FlowException failure) {
    synchronized (this) {
      if (number != attempt || terminated || error != null) {
        return;
      }
      if (!retries.retry(failure)) {
        fail(retries.exhausted(failure));
      } else {
        if (failure.code() == Status.Code.RESOURCE_EXHAUSTED) {
          window = Math.max(1, Math.min(window, inFlight) / 2); // the gateway could not take that many
        }
        attempt++;
        call = null;
        inFlight = 0;
        halfClosed = false;
        unsent.clear();
        unsent.addAll(pending.values()); // request order: the earliest unanswered go first
        int next = attempt;
        retryTimer = Timers.schedule(() -> {
          try {
            executor.execute(() -> reopen(next));
          } catch (RuntimeException rejected) {
            synchronized (this) {
              fail(new FlowException(Status.Code.UNAVAILABLE, "the call's executor rejected its retry; is the Flow closed?", rejected));
            }
            drain();
          }
        }, retries.backoffMillis());
      }
    }
    drain();
  }

  /** Opens transport call {@code number} and sends the unanswered requests on it. */
  private void reopen(int number) {
    Duration left;
    synchronized (this) {
      retryTimer = null;
      if (number != attempt || terminated || error != null) {
        return;
      }
      left = options.timeout() == null ? null
          : Duration.ofMillis(Math.max(1, options.timeout().toMillis() - (System.nanoTime() - startNanos) / 1_000_000));
    }
    ClientCall c;
    try {
      c = transport.open(new Attempt(number), left);
    } catch (RuntimeException e) {
      failed(number, e instanceof FlowException ? (FlowException) e
          : new FlowException(Status.Code.UNAVAILABLE, "opening a new call for a retry failed: " + e, e));
      return;
    }
    boolean stale;
    synchronized (this) {
      stale = number != attempt || terminated;
      if (!stale) {
        call = c;
      }
    }
    if (stale) {
      c.cancel("the call has ended");
      return;
    }
    pump();
  }

  // ---- input

  private final class InputSubscriber implements Flow.Subscriber<Input> {
    @Override
    public void onSubscribe(Flow.Subscription s) {
      boolean cancel;
      synchronized (CallSubscription.this) {
        input = s;
        cancel = terminated;
      }
      if (cancel) {
        s.cancel();
      } else {
        requestInput();
      }
    }

    @Override
    public void onNext(Input item) {
      Request full = null;
      synchronized (CallSubscription.this) {
        if (terminated) {
          return;
        }
        inputOutstanding--;
        batch.add(item);
        if (options.requestSize() > 0 && batch.size() >= options.requestSize()) {
          full = cutRequest();
        }
      }
      if (full != null) {
        pump();
        requestInput();
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (CallSubscription.this) {
        fail(t instanceof FlowException ? t
            : new FlowException(Status.Code.INVALID_ARGUMENT, "reading the input failed: " + t, t));
      }
      drain();
    }

    @Override
    public void onComplete() {
      synchronized (CallSubscription.this) {
        if (terminated) {
          return;
        }
        if (!batch.isEmpty()) {
          cutRequest();
        }
        inputDone = true;
      }
      pump();
      drain();
    }
  }

  /** Asks the input for the rest of a request's documents when there is room for another request. */
  private void requestInput() {
    long n;
    Flow.Subscription in;
    synchronized (this) {
      if (terminated || inputDone || input == null || inputOutstanding > 0
          || pending.size() + ready.size() + readyInOrder.size() >= options.prefetch()) {
        return;
      }
      n = options.requestSize() > 0 ? options.requestSize() - batch.size() : Long.MAX_VALUE;
      inputOutstanding = n;
      in = input;
    }
    in.request(n);
  }

  /** Turns the batch into a request and records it as pending; caller holds the lock. */
  private Request cutRequest() {
    List<Input> items = batch;
    batch = new ArrayList<>(Math.max(options.requestSize(), 1));
    Request.Builder b = Request.builder(type).parameters(options.parameters());
    List<Document> docs = new ArrayList<>(items.size());
    items.forEach(i -> docs.add(i.document()));
    if (type == RequestType.DELETE) {
      List<String> ids = new ArrayList<>(docs.size());
      docs.forEach(d -> ids.add(d.id()));
      b.ids(ids);
    } else {
      b.docs(docs);
      if (items.stream().anyMatch(i -> i.groundtruth() != null)) {
        List<Document> gts = new ArrayList<>(items.size());
        items.forEach(i -> gts.add(i.groundtruth() != null ? i.groundtruth() : Document.withId(i.document().id())));
        b.groundtruths(gts);
      }
    }
    if (options.topK() > 0) {
      b.parameters(Map.of(Request.TOP_K, options.topK()));
    }
    Request r = b.build();
    Outstanding o = new Outstanding(sent++, r);
    pending.put(r.id(), o);
    unsent.add(o);
    return r;
  }

  /**
   * Sends the requests waiting to go while the current transport call has room (its window), then
   * half-closes it once the input is done and everything is sent. One pump at a time: a caller that
   * finds one running leaves the work to it.
   */
  private void pump() {
    if (pumping.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (pumpOne()) {
        // keep sending
      }
      missed = pumping.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Sends one request, or half-closes; false when there is nothing (more) to do now. */
  private boolean pumpOne() {
    Request r = null;
    ClientCall c;
    synchronized (this) {
      if (terminated || error != null || call == null) {
        return false;
      }
      c = call;
      if (inFlight < window && !unsent.isEmpty()) {
        r = unsent.poll().request;
        inFlight++;
      } else if (!inputDone || halfClosed || !unsent.isEmpty()) {
        return false;
      } else {
        halfClosed = true;
      }
    }
    try {
      if (r == null) {
        c.halfClose();
        return false;
      }
      c.send(r);
      return true;
    } catch (RuntimeException e) {
      String what = r == null ? "closing the request stream" : "sending request " + r.id();
      synchronized (this) {
        fail(e instanceof FlowException ? e : new FlowException(Status.Code.INTERNAL, what + " failed: " + e, e));
      }
      drain();
      return false;
    }
  }

  /** Records the first failure; the drain delivers it. Caller holds the lock. */
  private void fail(Throwable t) {
    if (error == null && !terminated) {
      error = t;
    }
  }

  // ---- delivery

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    try {
      executor.execute(this::drainLoop);
    } catch (RuntimeException rejected) {
      drainLoop(); // the Flow closed its pool after draining: what arrived is still delivered, here
    }
  }

  private void drainLoop() {
    int missed = 1;
    do {
      deliver();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void deliver() {
    while (true) {
      Response next = null;
      Throwable failure = null;
      boolean complete = false;
      Flow.Subscription in = null;
      ClientCall c = null;
      synchronized (this) {
        if (terminated) {
          return;
        }
        if (error != null) {
          failure = error;
          terminated = true;
          in = input;
          c = call;
        } else if (demand > 0 && (next = poll()) != null) {
          demand--;
        } else if (inputDone && pending.isEmpty() && ready.isEmpty() && readyInOrder.isEmpty()) {
          terminated = true;
          complete = true;
        } else {
          break;
        }
      }
      if (failure != null || complete) {
        cancelTimers();
      }
      if (failure != null) {
        releaseUnreadInput();
        if (in != null) {
          in.cancel();
        }
        if (c != null) {
          c.cancel("the call failed: " + failure.getMessage());
        }
        downstream.onError(failure);
        return;
      }
      if (complete) {
        downstream.onComplete();
        return;
      }
      downstream.onNext(next);
    }
    requestInput();
    pump();
  }

  private Response poll() {
    if (!options.resultsInOrder()) {
      return ready.poll();
    }
    Map.Entry<Long, Response> first = readyInOrder.firstEntry();
    if (first == null || first.getKey() != nextInOrder) {
      return null;
    }
    readyInOrder.pollFirstEntry();
    nextInOrder++;
    return first.getValue();
  }
}

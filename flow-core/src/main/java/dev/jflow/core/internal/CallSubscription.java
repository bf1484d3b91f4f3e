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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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
 */
final class CallSubscription implements Flow.Subscription, ResponseObserver {
  private final ClientTransport transport;
  private final RequestType type;
  private final Inputs inputs;
  private final CallOptions options;
  private final Executor executor;
  private final Flow.Subscriber<? super Response> downstream;
  private final AtomicInteger wip = new AtomicInteger();

  // guarded by this
  private Flow.Subscription input;
  private ClientCall call;
  private List<Input> batch = new ArrayList<>();
  private long inputOutstanding;
  private boolean inputDone;
  private boolean started;
  private boolean inputTaken; // the input was subscribed to, for reading or for releasing
  private long sent;
  private final Map<String, Long> pending = new HashMap<>();
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
      ClientCall c = transport.open(this, options.timeout());
      synchronized (this) {
        call = c;
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
    synchronized (this) {
      t = backstop;
      backstop = null;
    }
    if (t != null) {
      t.cancel(false);
    }
  }

  private static final long TIMEOUT_GRACE_MS = 200;

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

  @Override
  public void onNext(Response response) {
    synchronized (this) {
      Long seq = pending.remove(response.requestId());
      if (seq == null) {
        fail(new FlowException(Status.Code.INTERNAL, "the gateway answered request id '" + response.requestId()
            + "', which this call did not send or was already answered"));
      } else if (options.resultsInOrder()) {
        readyInOrder.put(seq, response);
      } else {
        ready.add(response);
      }
    }
    drain();
  }

  @Override
  public void onError(Throwable t) {
    synchronized (this) {
      fail(t instanceof FlowException ? t : new FlowException(Status.Code.UNAVAILABLE, "the call failed: " + t, t));
    }
    drain();
  }

  @Override
  public void onCompleted() {
    synchronized (this) {
      if (!pending.isEmpty()) {
        fail(new FlowException(Status.Code.UNAVAILABLE, "the gateway ended the call with " + pending.size()
            + " of " + sent + " requests unanswered"));
      }
    }
    drain();
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
        send(full);
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
      Request last = null;
      ClientCall c;
      synchronized (CallSubscription.this) {
        if (terminated) {
          return;
        }
        inputDone = true;
        if (!batch.isEmpty()) {
          last = cutRequest();
        }
        c = call;
      }
      if (last != null) {
        send(last);
      }
      c.halfClose();
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
    pending.put(r.id(), sent++);
    return r;
  }

  private void send(Request r) {
    ClientCall c;
    synchronized (this) {
      if (terminated) {
        return;
      }
      c = call;
    }
    try {
      c.send(r);
    } catch (RuntimeException e) {
      synchronized (this) {
        fail(e instanceof FlowException ? e : new FlowException(Status.Code.INTERNAL, "sending request " + r.id() + " failed: " + e, e));
      }
      drain();
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
      synchronized (this) {
        fail(new FlowException(Status.Code.UNAVAILABLE, "the call's executor rejected work; is the Flow closed?", rejected));
      }
      drainLoop();
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

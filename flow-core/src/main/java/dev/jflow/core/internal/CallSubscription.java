package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Input;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.InputReaders;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/**
 * The client engine for one call. It reads the input only while fewer than {@code prefetch} requests
 * are sent-but-unanswered or answered-but-not-taken, cuts it into requests of {@code requestSize}
 * documents, sends them on one transport call, matches responses by request id, and hands them to the
 * subscriber as it asks (in completion order, or request order when {@code resultsInOrder}).
 * Delivery runs one drain at a time: on the call's own executor ({@link CallOptions#executor()}) when it
 * names one; otherwise on the transport's callback thread when a response or the end arrives there and
 * the transport allows it ({@link ClientTransport#callbacksMayBlock()}), which saves a thread hand-off
 * per response, and on the client's pool for every other signal (the subscriber's demand, the timeout,
 * the end of the input). The input is always read on the executor (the call's, else the pool), never
 * on a transport thread. With {@link CallOptions#maxAttempts()} above 1, a failed transport call is
 * replaced by a new one ({@link Attempts}).
 *
 * <p>This class coordinates, under its one lock, the classes that do each job: {@link Demand} (what the
 * subscriber asked for), {@link Batcher} (input into batches), {@link CallRequests} (batches into
 * requests), {@link Attempts} (the transport calls, with {@link Unanswered} and {@link Retries}),
 * {@link Reorderer} (responses in the order to hand over) and {@link Backstop} (the timeout).
 */
final class CallSubscription implements Flow.Subscription {
  private final Inputs inputs;
  private final CallOptions options;
  private final Executor executor;
  private final Flow.Subscriber<? super Response> downstream;
  private final CallRequests requests;
  private final Backstop backstop;
  private final SerialLoop delivery;
  private final boolean deliverOnTransport;
  private final Attempts attempts;

  // guarded by this
  private final Demand demand = new Demand();
  private final Batcher batcher;
  private final Reorderer ready;
  private Flow.Subscription input;
  private boolean inputTaken; // the input was subscribed to, for reading or for releasing
  private Throwable error;
  private boolean terminated;

  CallSubscription(ClientTransport transport, RequestType type, Inputs inputs, CallOptions options, Executor executor,
      Flow.Subscriber<? super Response> downstream) {
    this.inputs = inputs;
    this.options = options;
    this.executor = executor;
    this.downstream = downstream;
    this.requests = new CallRequests(type, options);
    this.backstop = new Backstop(options.timeout());
    this.delivery = SerialLoop.on(executor, this::deliver);
    this.deliverOnTransport = options.executor() == null && transport.callbacksMayBlock();
    this.batcher = new Batcher(options.requestSize());
    this.ready = new Reorderer(options.resultsInOrder());
    this.attempts = new Attempts(this, new AttemptsOwner(), transport, options, executor);
  }

  void start() {
    downstream.onSubscribe(this);
  }

  // ---- downstream subscription

  @Override
  public void request(long n) {
    boolean open = false;
    synchronized (this) {
      if (terminated) {
        return;
      }
      if (!demand.add(n)) {
        fail(Demand.violation(n));
      } else {
        open = !inputTaken;
        inputTaken = true;
      }
    }
    if (open) {
      backstop.arm(this::timedOut);
      attempts.open();
      inputs.publisher(executor).subscribe(new InputSubscriber());
    }
    delivery.signal();
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
      c = attempts.current();
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

  private void timedOut() {
    synchronized (this) {
      fail(new FlowException(Status.Code.DEADLINE_EXCEEDED, "the call did not finish within " + options.timeout().toMillis()
          + " ms (" + (attempts.added() - attempts.unanswered()) + " of " + attempts.added() + " requests answered)"));
    }
    delivery.signal();
  }

  /** Cancels the call's timers once it has ended, so that an ended call holds nothing until they fire. */
  private void cancelTimers() {
    backstop.cancel();
    ScheduledFuture<?> retry;
    synchronized (this) {
      retry = attempts.takeRetryTimer();
    }
    if (retry != null) {
      retry.cancel(false);
    }
  }

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

  /** Records the first failure; the drain delivers it. Caller holds the lock. */
  private void fail(Throwable t) {
    if (error == null && !terminated) {
      error = t;
    }
  }

  /** This call as its attempts see it. */
  private final class AttemptsOwner implements Attempts.Owner {
    @Override
    public boolean ended() {
      return terminated;
    }

    @Override
    public boolean over() {
      return terminated || error != null;
    }

    @Override
    public boolean inputDone() {
      return batcher.done();
    }

    @Override
    public void answered(long seq, Response response) {
      ready.add(seq, response);
    }

    @Override
    public void fail(Throwable failure) {
      CallSubscription.this.fail(failure);
    }

    @Override
    public void changed() {
      delivery.signal();
    }

    @Override
    public void heard() {
      if (deliverOnTransport) {
        delivery.signalHere();
      } else {
        delivery.signal();
      }
    }
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
      boolean full;
      synchronized (CallSubscription.this) {
        if (terminated) {
          return;
        }
        full = batcher.add(item);
        if (full) {
          cut(batcher.take());
        }
      }
      if (full) {
        attempts.send();
        requestInput();
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (CallSubscription.this) {
        fail(t instanceof FlowException ? t
            : new FlowException(Status.Code.INVALID_ARGUMENT, "reading the input failed: " + t, t));
      }
      delivery.signal();
    }

    @Override
    public void onComplete() {
      synchronized (CallSubscription.this) {
        if (terminated) {
          return;
        }
        List<Input> last = batcher.end();
        if (last != null) {
          cut(last);
        }
      }
      attempts.send();
      delivery.signal();
    }
  }

  /** Asks the input for the rest of a request's documents when there is room for another request. */
  private void requestInput() {
    long n;
    Flow.Subscription in;
    synchronized (this) {
      if (terminated || input == null || attempts.unanswered() + ready.size() >= options.prefetch()
          || (n = batcher.ask()) == 0) {
        return;
      }
      in = input;
    }
    in.request(n);
  }

  /** Turns a batch into a request waiting to be sent; caller holds the lock. */
  private void cut(List<Input> items) {
    attempts.add(requests.build(items));
  }

  // ---- delivery

  /** Hands the subscriber what it asked for, then its end; one pass at a time ({@link #delivery}). */
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
          c = attempts.current();
        } else if (demand.waiting() && (next = ready.poll()) != null) {
          demand.given();
        } else if (batcher.done() && attempts.unanswered() == 0 && ready.isEmpty()) {
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
    attempts.send();
  }
}

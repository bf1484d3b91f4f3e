package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * The transport calls of one client call. The first is opened when the subscriber first asks; it
 * sends the requests waiting to go while it has room ({@link Unanswered}), half-closes once the input
 * is done, and matches responses to requests by id. When it fails with RESOURCE_EXHAUSTED or
 * UNAVAILABLE and {@link Retries} allows, a new transport call (an attempt) replaces it after a
 * backoff, with what is left of the timeout, and every request not yet answered is sent on it again;
 * signals from a replaced transport call are ignored. Shares the lock of its {@link Owner}.
 */
final class Attempts {
  /** The client call the attempts work for; every method but {@link #changed()} and {@link #heard()} is called holding the lock. */
  interface Owner {
    /** Whether the call was cancelled or has ended. */
    boolean ended();

    /** Whether the call has ended or holds a failure to deliver: nothing more is to be sent. */
    boolean over();

    /** Whether the input ended, every request of it having been added. */
    boolean inputDone();

    /** Request number {@code seq} (in request order) was answered with {@code response}. */
    void answered(long seq, Response response);

    /** Fails the call, unless it already failed or ended. */
    void fail(Throwable failure);

    /** Something changed that the call may have to deliver; called without the lock. */
    void changed();

    /**
     * {@link #changed()}, told by the transport on its callback thread (a response, the end or failure
     * of a transport call), where the call may deliver if the transport allows; called without the lock.
     */
    void heard();
  }

  private final Object lock;
  private final Owner owner;
  private final ClientTransport transport;
  private final Executor executor;
  private final Duration timeout;
  private final long startNanos = System.nanoTime();
  private final SerialLoop sending;

  // guarded by lock
  private final Unanswered unanswered = new Unanswered();
  private final Retries retries;
  private ClientCall current;

  Attempts(Object lock, Owner owner, ClientTransport transport, CallOptions options, Executor executor) {
    this.lock = lock;
    this.owner = owner;
    this.transport = transport;
    this.executor = executor;
    this.timeout = options.timeout();
    this.retries = new Retries(options);
    this.sending = SerialLoop.onCaller(() -> {
      while (sendOne()) {
        // keep sending
      }
    });
  }

  /** Opens the first transport call; called once, without the lock. */
  void open() {
    ClientCall c = transport.open(new Attempt(1), timeout);
    boolean replaced;
    synchronized (lock) {
      replaced = retries.attempt() != 1; // the call failed while opening and a retry took over
      if (!replaced) {
        current = c;
      }
    }
    if (replaced) {
      c.cancel("replaced by a retry");
    }
  }

  /** Adds a request to send; caller holds the lock. */
  void add(Request request) {
    unanswered.add(request);
  }

  /** Sends what may go now on the current transport call (or half-closes it); called without the lock. */
  void send() {
    sending.signal();
  }

  /** How many requests are not answered yet; caller holds the lock. */
  int unanswered() {
    return unanswered.size();
  }

  /** How many requests were added in all; caller holds the lock. */
  long added() {
    return unanswered.added();
  }

  /** The current transport call, null between attempts; caller holds the lock. */
  ClientCall current() {
    return current;
  }

  /** The timer of a waiting retry, forgotten here, for the caller to cancel; caller holds the lock. */
  ScheduledFuture<?> takeRetryTimer() {
    return retries.takeTimer();
  }

  /** The observer of one transport call; once the call is replaced by a retry, its signals are ignored. */
  private final class Attempt implements ResponseObserver {
    private final int number;

    Attempt(int number) {
      this.number = number;
    }

    @Override
    public void onNext(Response response) {
      synchronized (lock) {
        if (number != retries.attempt()) {
          return;
        }
        long seq = unanswered.answer(response.requestId());
        if (seq < 0) {
          owner.fail(new FlowException(Status.Code.INTERNAL, "the gateway answered request id '" + response.requestId()
              + "', which this call did not send or was already answered"));
        } else {
          owner.answered(seq, response);
        }
      }
      owner.heard();
    }

    @Override
    public void onError(Throwable t) {
      failed(number, t instanceof FlowException ? (FlowException) t
          : new FlowException(Status.Code.UNAVAILABLE, "the call failed: " + t, t));
      owner.heard();
    }

    @Override
    public void onCompleted() {
      FlowException early = null;
      synchronized (lock) {
        if (number == retries.attempt() && !unanswered.isEmpty()) {
          early = new FlowException(Status.Code.UNAVAILABLE, "the gateway ended the call with " + unanswered.size()
              + " of " + unanswered.added() + " requests unanswered");
        }
      }
      if (early != null) {
        failed(number, early);
      }
      owner.heard();
    }
  }

  /**
   * Transport call {@code number} failed: retries on a new one after a backoff, or fails the call; the
   * caller then signals the owner.
   */
  private void failed(int number, FlowException failure) {
    synchronized (lock) {
      if (number != retries.attempt() || owner.over()) {
        return;
      }
      if (!retries.retry(failure)) {
        owner.fail(retries.exhausted(failure));
      } else {
        current = null;
        unanswered.resend(failure.code() == Status.Code.RESOURCE_EXHAUSTED);
        int next = retries.attempt();
        retries.schedule(() -> {
          try {
            executor.execute(() -> reopen(next));
          } catch (RuntimeException rejected) {
            synchronized (lock) {
              owner.fail(new FlowException(Status.Code.UNAVAILABLE, "the call's executor rejected its retry; is the Flow closed?", rejected));
            }
            owner.changed();
          }
        });
      }
    }
  }

  /** Opens transport call {@code number} and sends the unanswered requests on it. */
  private void reopen(int number) {
    Duration left;
    synchronized (lock) {
      retries.takeTimer(); // the one running this
      if (number != retries.attempt() || owner.over()) {
        return;
      }
      left = timeout == null ? null
          : Duration.ofMillis(Math.max(1, timeout.toMillis() - (System.nanoTime() - startNanos) / 1_000_000));
    }
    ClientCall c;
    try {
      c = transport.open(new Attempt(number), left);
    } catch (RuntimeException e) {
      failed(number, e instanceof FlowException ? (FlowException) e
          : new FlowException(Status.Code.UNAVAILABLE, "opening a new call for a retry failed: " + e, e));
      owner.changed();
      return;
    }
    boolean stale;
    synchronized (lock) {
      stale = number != retries.attempt() || owner.ended();
      if (!stale) {
        current = c;
      }
    }
    if (stale) {
      c.cancel("the call has ended");
      return;
    }
    send();
  }

  /** Sends one request, or half-closes; false when there is nothing (more) to do now. */
  private boolean sendOne() {
    Request r;
    ClientCall c;
    synchronized (lock) {
      if (owner.over() || current == null) {
        return false;
      }
      c = current;
      r = unanswered.nextToSend();
      if (r == null && !unanswered.halfCloseNow(owner.inputDone())) {
        return false;
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
      synchronized (lock) {
        owner.fail(e instanceof FlowException ? e : new FlowException(Status.Code.INTERNAL, what + " failed: " + e, e));
      }
      owner.changed();
      return false;
    }
  }
}

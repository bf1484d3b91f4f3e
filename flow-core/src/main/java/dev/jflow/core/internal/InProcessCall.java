package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.ResponseObserver;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One in-process call: runs at most {@code prefetch} of its requests through the Flow at once, queues
 * the rest, and reports responses to the observer one at a time as they complete.
 */
final class InProcessCall implements ClientCall {
  private final RequestHandler handler;
  private final ResponseObserver observer;
  private final int prefetch;
  private final Consumer<InProcessCall> onFinish;
  private final long deadlineNanos;
  private final Queue<Request> waiting = new ArrayDeque<>();
  private final Set<CompletableFuture<Response>> running = new HashSet<>();
  private int active;
  private boolean halfClosed;
  private boolean finished;

  InProcessCall(RequestHandler handler, ResponseObserver observer, int prefetch, java.time.Duration timeout,
      Consumer<InProcessCall> onFinish) {
    this.deadlineNanos = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    this.handler = handler;
    this.observer = observer;
    this.prefetch = prefetch;
    this.onFinish = onFinish;
  }

  @Override
  public void send(Request request) {
    synchronized (this) {
      if (finished) {
        return;
      }
      if (halfClosed) {
        throw new IllegalStateException("send after halfClose");
      }
      if (active >= prefetch) {
        waiting.add(request);
        return;
      }
      active++;
    }
    run(request);
  }

  private void run(Request request) {
    java.time.Duration left = deadlineNanos == Long.MAX_VALUE ? null
        : java.time.Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    CompletableFuture<Response> f = handler.handle(request, left);
    synchronized (this) {
      if (finished) {
        f.cancel(false);
        return;
      }
      running.add(f);
    }
    f.whenComplete((response, error) -> completed(f, response, error));
  }

  private void completed(CompletableFuture<Response> f, Response response, Throwable error) {
    Request next;
    boolean done;
    synchronized (this) {
      if (finished) {
        return;
      }
      running.remove(f);
      active--;
      if (error != null) {
        abort(Futures.toFlowException(error).status());
        return;
      }
      observer.onNext(response);
      next = waiting.poll();
      if (next != null) {
        active++;
      }
      done = next == null && halfClosed && active == 0;
      if (done) {
        finished = true;
      }
    }
    if (next != null) {
      run(next);
    } else if (done) {
      onFinish.accept(this);
      observer.onCompleted();
    }
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      if (finished || halfClosed) {
        return;
      }
      halfClosed = true;
      if (active > 0 || !waiting.isEmpty()) {
        return;
      }
      finished = true;
    }
    onFinish.accept(this);
    observer.onCompleted();
  }

  @Override
  public void cancel(String reason) {
    abort(Status.of(Status.Code.CANCELLED, reason == null ? "cancelled by the client" : reason));
  }

  /** Ends the call with {@code status}: running requests are abandoned, the observer gets onError. */
  void abort(Status status) {
    Set<CompletableFuture<Response>> abandoned;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      abandoned = new HashSet<>(running);
      running.clear();
      waiting.clear();
      observer.onError(new FlowException(status));
    }
    abandoned.forEach(f -> f.cancel(false));
    onFinish.accept(this);
  }
}

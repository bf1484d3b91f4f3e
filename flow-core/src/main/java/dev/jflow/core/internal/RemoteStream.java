package dev.jflow.core.internal;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one long-lived stream of a remote endpoint: many requests in flight on one call of its client,
 * each response matched to its request by {@link Response#requestId()}. The call opens with the first
 * request, has no deadline and is never half-closed while in use; once it failed or ended, the next
 * request opens a new one.
 *
 * <p>A request goes on a call of its own ({@link OneCall}) instead when it is a control request (the
 * readiness probes test connections as a call of their own does), when it carries a trace context (the
 * context travels as the call's headers), when a request with its id is already in flight on the stream
 * (ids are how responses are matched), and when the stream already holds {@value #MAX_REQUESTS} requests
 * or {@link #MAX_BYTES} bytes: never refused, never waiting.
 *
 * <p>When the stream fails or ends with requests in flight, what becomes of them depends on why. A lost
 * connection (UNAVAILABLE: the remote went away or drains), a cancel (ours: the endpoint closed, a
 * response to no request in flight) or an end without answering fails each with UNAVAILABLE, which the
 * remote pod retries once on another endpoint. Any other status is the remote refusing the whole call
 * for one request (a budget's or rate's RESOURCE_EXHAUSTED, a {@code top_k}'s INVALID_ARGUMENT, a
 * role's PERMISSION_DENIED, UNAUTHENTICATED): each request in flight is sent once more on a call of its
 * own, so only the refused one fails with the refusal. Either way a request may run twice
 * (at-least-once, as for the remote pod's retries); this mechanism sends one at most once more.
 *
 * <p>Writes (open, send, end) are serialized by one {@link SerialLoop}, as a {@link ClientCall} is not
 * thread-safe; responses complete their futures on the transport's thread. No lock is held while
 * calling the transport or completing a future, whose continuations may send again.
 */
final class RemoteStream {
  /** The most requests in flight on the stream at once ({@value}); more go on calls of their own. */
  static final int MAX_REQUESTS = 512;
  /**
   * The most {@link Request#estimatedBytes()} in flight on the stream at once, 32 MiB: half of a
   * gateway's default {@code maxStreamBytes}, so the remote does not refuse the stream for holding too
   * much. More (and a single larger request) go on calls of their own.
   */
  static final long MAX_BYTES = 32L << 20;

  private final ClientTransport transport;
  private final String peer;
  private final SerialLoop writer = SerialLoop.onCaller(this::write);

  // guarded by this
  private final ArrayDeque<Write> writes = new ArrayDeque<>();
  private Line current; // the stream new requests join; null before the first and after it ended
  private boolean closed;

  /** A request in flight on the stream. */
  private static final class Pending {
    final Request request;
    final long bytes;
    final CompletableFuture<Response> answer = new CompletableFuture<>();

    Pending(Request request, long bytes) {
      this.request = request;
      this.bytes = bytes;
    }
  }

  /** What the writer does next on a line: send {@code pending}, or (when null) end the call, cancelling it if {@code cancel}. */
  private record Write(Line line, Pending pending, boolean cancel) {}

  /** The stream on {@code transport}'s gateway, named {@code peer} in messages. */
  RemoteStream(ClientTransport transport, String peer) {
    this.transport = transport;
    this.peer = peer;
  }

  /**
   * Sends {@code request} on the stream, or on a call of its own (see the class comment), and completes
   * with its response, whatever its status; fails when it could not be answered.
   */
  CompletableFuture<Response> send(Request request, TraceContext trace) {
    if (request.type() == RequestType.CONTROL || trace.isPresent()) {
      return OneCall.send(transport, request, peer, trace);
    }
    Pending p = new Pending(request, request.estimatedBytes());
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE, peer + " is closed"));
      }
      Line line = current == null ? new Line() : current;
      if (!line.admits(p)) {
        p = null;
      } else {
        current = line;
        line.pending.put(request.id(), p);
        line.bytes += p.bytes;
        writes.add(new Write(line, p, false));
      }
    }
    if (p == null) {
      return OneCall.send(transport, request, peer, trace);
    }
    writer.signal();
    return p.answer;
  }

  /** Fails every request in flight on the stream with UNAVAILABLE at once and ends its call; later sends fail. Idempotent. */
  void close() {
    List<Pending> failed = List.of();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      Line line = current;
      if (line != null) {
        failed = line.end();
        writes.add(new Write(line, null, !failed.isEmpty())); // an idle one is half-closed: the remote ends it quietly
      }
    }
    fail(failed, new FlowException(Status.Code.UNAVAILABLE, peer + " was closed with " + failed.size()
        + " requests in flight on its stream"));
    writer.signal();
  }

  /** The writer's pass: opens, sends and ends, one at a time, outside the lock. */
  private void write() {
    while (true) {
      Write w;
      boolean live;
      synchronized (this) {
        w = writes.poll();
        if (w == null) {
          return;
        }
        live = !w.line.ended;
      }
      Line line = w.line;
      try {
        if (w.pending == null) {
          end(line, w.cancel);
        } else if (live && (line.call != null || open(line))) {
          sendOn(line, w.pending);
        }
      } catch (RuntimeException | Error e) { // never leave the writer stuck: this line's requests fail as lost, later ones go on
        try {
          line.cancelled(new FlowException(Status.of(Status.Code.UNAVAILABLE, "the stream's writer failed: " + e).withCause(e)));
          end(line, true);
        } catch (RuntimeException | Error ignored) {
          // the line is ended either way
        }
      }
    }
  }

  /** Opens the line's call; false (the line failed) when the transport refused to. */
  private boolean open(Line line) {
    try {
      line.call = transport.open(line, null, TraceContext.none());
      return true;
    } catch (RuntimeException e) {
      line.onError(e);
      return false;
    } catch (Error e) { // failed as a lost connection, so that the writer goes on
      line.cancelled(new FlowException(Status.of(Status.Code.UNAVAILABLE, "could not open the stream: " + e).withCause(e)));
      return false;
    }
  }

  private void sendOn(Line line, Pending p) {
    synchronized (this) {
      if (line.ended) { // failed meanwhile (an in-process gateway refuses while the call opens): p is dealt with
        return;
      }
    }
    try {
      line.call.send(p.request);
    } catch (FlowException e) { // this request could not be written (encoded); nothing of it left
      if (line.forget(p)) {
        p.answer.completeExceptionally(e);
      }
    } catch (RuntimeException | Error e) { // the call is unusable: its requests fail as lost, and the call is let go
      line.cancelled(new FlowException(Status.of(Status.Code.UNAVAILABLE, "could not send on the stream: " + e).withCause(e)));
      end(line, true);
    }
  }

  private static void end(Line line, boolean cancel) {
    if (line.call == null) {
      return;
    }
    try {
      if (cancel) {
        line.call.cancel("the remote pod's stream was ended");
      } else {
        line.call.halfClose();
      }
    } catch (RuntimeException e) {
      // the call was finished already
    }
  }

  private static void fail(List<Pending> all, FlowException error) {
    all.forEach(p -> p.answer.completeExceptionally(error));
  }

  /** One call of the stream and the requests in flight on it; its state is guarded by the stream's lock. */
  private final class Line implements ResponseObserver {
    final Map<String, Pending> pending = new HashMap<>();
    long bytes;
    boolean ended;
    ClientCall call; // the writer's only

    /** Whether {@code p} may join the line (caller holds the lock). */
    boolean admits(Pending p) {
      return !pending.containsKey(p.request.id()) && pending.size() < MAX_REQUESTS && bytes + p.bytes <= MAX_BYTES;
    }

    /** Ends the line and takes every request in flight on it (caller holds the lock). */
    List<Pending> end() {
      ended = true;
      if (current == this) {
        current = null;
      }
      List<Pending> all = new ArrayList<>(pending.values());
      pending.clear();
      bytes = 0;
      return all;
    }

    /** Takes {@code p} off the line; false when it was no longer on it. */
    boolean forget(Pending p) {
      synchronized (RemoteStream.this) {
        if (pending.get(p.request.id()) != p) {
          return false;
        }
        pending.remove(p.request.id());
        bytes -= p.bytes;
        return true;
      }
    }

    @Override
    public void onNext(Response response) {
      Pending p;
      List<Pending> broken = null;
      synchronized (RemoteStream.this) {
        if (ended) {
          return;
        }
        p = pending.remove(response.requestId());
        if (p != null) {
          bytes -= p.bytes;
        } else {
          broken = end();
          writes.add(new Write(this, null, true));
        }
      }
      if (p != null) {
        p.answer.complete(response);
        return;
      }
      fail(broken, new FlowException(Status.Code.UNAVAILABLE, "the stream to " + peer + " was cancelled with " + broken.size()
          + " requests in flight: it answered request '" + response.requestId() + "', which was not in flight on it"));
      writer.signal();
    }

    @Override
    public void onError(Throwable error) {
      FlowException e = Futures.toFlowException(error);
      Status.Code code = e.code();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED) {
        cancelled(e);
      } else {
        refused(e);
      }
    }

    @Override
    public void onCompleted() {
      cancelled(new FlowException(Status.Code.UNAVAILABLE, "it ended the call without answering them"));
    }

    /** The stream broke: each request in flight fails with UNAVAILABLE, for the remote pod to send elsewhere. */
    void cancelled(FlowException why) {
      List<Pending> broken;
      synchronized (RemoteStream.this) {
        if (ended) {
          return;
        }
        broken = end();
      }
      if (!broken.isEmpty()) {
        fail(broken, new FlowException(Status.of(Status.Code.UNAVAILABLE, "the stream to " + peer + " broke with "
            + broken.size() + " requests in flight: " + why.status().description()).withCause(why)));
      }
    }

    /** The remote refused the call: each request in flight is sent once more on a call of its own. */
    void refused(FlowException why) {
      List<Pending> refused;
      synchronized (RemoteStream.this) {
        if (ended) {
          return;
        }
        refused = end();
      }
      for (Pending p : refused) {
        CompletableFuture<Response> again;
        try {
          again = OneCall.send(transport, p.request, peer, TraceContext.none());
        } catch (RuntimeException e) {
          again = CompletableFuture.failedFuture(e);
        }
        again.whenComplete((r, e) -> {
          if (e == null) {
            p.answer.complete(r);
          } else {
            p.answer.completeExceptionally(e);
          }
        });
      }
    }
  }
}

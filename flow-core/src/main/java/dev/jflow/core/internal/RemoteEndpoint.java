package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.TraceContext;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One address of a remote pod: its client, its one long-lived {@link RemoteStream} that carries most of
 * its requests, whether its last probe or call found it ready, and the requests it has in flight. A
 * retired endpoint (its address left the name's answer) takes no new work and, once its requests have
 * ended, ends its stream and closes its client. Closing fails every request still in flight on the stream
 * at once.
 */
final class RemoteEndpoint {
  /** The state's bit saying it is retired; the bits below count the calls in flight. */
  private static final int RETIRED = 1 << 30;

  private final InetAddress address;
  private final ClientTransport transport;
  private final RemoteStream stream;
  private final String peer;
  private final Executor closer;
  private final AtomicInteger state = new AtomicInteger(); // RETIRED | calls in flight, changed only by CAS
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean ready;

  /** A call refused because its endpoint retired between being picked and sending: it never left, so another may take it. */
  static final class Retired extends FlowException {
    private static final long serialVersionUID = 1L;

    Retired(String peer) {
      super(Status.Code.UNAVAILABLE, peer + " is retired (its address left the name's answer)");
    }
  }

  /**
   * An endpoint at {@code address} (null: wherever {@code transport} connects), named {@code peer} in
   * messages; a retired endpoint closes its client on {@code closer}, never on the caller's thread.
   */
  RemoteEndpoint(InetAddress address, ClientTransport transport, String peer, Executor closer) {
    this.address = address;
    this.transport = transport;
    this.stream = new RemoteStream(transport, peer);
    this.peer = peer;
    this.closer = closer;
  }

  InetAddress address() {
    return address;
  }

  String peer() {
    return peer;
  }

  boolean ready() {
    return ready && (state.get() & RETIRED) == 0;
  }

  void ready(boolean now) {
    ready = now;
  }

  /**
   * Sends {@code request} on the endpoint's stream (or a call of its own, as {@link RemoteStream} says),
   * counted in flight until it is answered or failed; a retired endpoint refuses it with {@link Retired}
   * (the retire and the count are one atomic state, so a request never starts on a client being closed).
   */
  CompletableFuture<Response> send(Request request, TraceContext trace) {
    while (true) {
      int s = state.get();
      if ((s & RETIRED) != 0) {
        return CompletableFuture.failedFuture(new Retired(peer));
      }
      if (state.compareAndSet(s, s + 1)) {
        break;
      }
    }
    CompletableFuture<Response> answer;
    try {
      answer = stream.send(request, trace);
    } catch (RuntimeException | Error e) {
      ended();
      throw e;
    }
    answer.whenComplete((r, e) -> ended());
    return answer;
  }

  private void ended() {
    if (state.decrementAndGet() == RETIRED) { // the last call of a retired endpoint
      closeLater();
    }
  }

  /** Takes no new work; its stream ends and its client closes (on the closer) now when idle, else after the last request in flight. */
  void retire() {
    int before = state.getAndUpdate(s -> s | RETIRED);
    if (before == 0) {
      closeLater();
    }
  }

  private void closeLater() {
    try {
      closer.execute(this::close);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      close();
    }
  }

  /** Fails what is in flight on the stream, ends it and closes the client, at once; idempotent. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      stream.close();
      transport.close();
    }
  }
}

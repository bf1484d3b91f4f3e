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
 * One address of a remote pod: its client, whether its last probe or call found it ready, and the calls
 * it has in flight. A retired endpoint (its address left the name's answer) takes no new work and closes
 * its client once its calls have ended.
 */
final class RemoteEndpoint {
  /** The state's bit saying it is retired; the bits below count the calls in flight. */
  private static final int RETIRED = 1 << 30;

  private final InetAddress address;
  private final ClientTransport transport;
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
   * Sends {@code request} on a call of its own, counted in flight until it ends; a retired endpoint
   * refuses it with {@link Retired} (the retire and the count are one atomic state, so a call never
   * starts on a client being closed).
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
      answer = OneCall.send(transport, request, peer, trace);
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

  /** Takes no new work; its client closes (on the closer) now when idle, else after the last call in flight. */
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

  /** Closes the client at once; idempotent. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      transport.close();
    }
  }
}

package dev.jflow.core.internal;

import dev.jflow.api.Request;
import dev.jflow.api.Response;
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
  private final InetAddress address;
  private final ClientTransport transport;
  private final String peer;
  private final Executor closer;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean ready;
  private volatile boolean retired;

  /**
   * An endpoint at {@code address} (null: wherever {@code transport} connects), named {@code peer} in
   * messages; a retired endpoint's last call closes it on {@code closer}.
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
    return ready && !retired;
  }

  void ready(boolean now) {
    ready = now;
  }

  /** Sends {@code request} on a call of its own, counted in flight until it ends. */
  CompletableFuture<Response> send(Request request, TraceContext trace) {
    running.incrementAndGet();
    CompletableFuture<Response> answer = OneCall.send(transport, request, peer, trace);
    answer.whenComplete((r, e) -> {
      if (running.decrementAndGet() == 0 && retired) {
        closer.execute(this::close);
      }
    });
    return answer;
  }

  /** Takes no new work; closes now when idle, else after the last call in flight. */
  void retire() {
    retired = true;
    if (running.get() == 0) {
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

package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;

/**
 * The client side of the in-process transport: finds the gateway by name when a call opens, and hands
 * the call's trace context to the gateway's admission as a network transport would send its headers.
 * Its observer runs on whatever thread answers a request (a pod's, or the sender's when the pods run
 * inline), so it keeps {@link #callbacksMayBlock()} false: a caller's code must not hold up a pod.
 */
final class InProcessClientTransport implements ClientTransport {
  private final String gateway;
  private final Credentials credentials;
  private volatile boolean closed;

  /** A client of the in-process gateway named {@code gateway}, presenting {@code token} (null for none). */
  InProcessClientTransport(String gateway, String token) {
    this.gateway = gateway;
    this.credentials = Credentials.bearer(token);
  }

  @Override
  public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
    return open(observer, timeout, TraceContext.none());
  }

  /** Hands {@code trace} to the gateway's admission with the call. */
  @Override
  public ClientCall open(ResponseObserver observer, java.time.Duration timeout, TraceContext trace) {
    InProcessGatewayServer server = InProcessGatewayServer.find(gateway);
    String problem = closed ? "the in-process client of " + gateway + " is closed"
        : server == null ? "no in-process gateway named '" + gateway + "' is running" : null;
    if (problem != null) {
      observer.onError(new FlowException(Status.Code.UNAVAILABLE, problem));
      return new ClientCall() {
        @Override public void send(Request request) {}

        @Override public void halfClose() {}

        @Override public void cancel(String reason) {}
      };
    }
    return server.open(observer, timeout, credentials, trace == null ? TraceContext.none() : trace);
  }

  @Override
  public void close() {
    closed = true;
  }
}

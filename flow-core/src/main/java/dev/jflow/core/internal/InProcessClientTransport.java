package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;

/** The client side of the in-process transport: finds the gateway by name when a call opens. */
final class InProcessClientTransport implements ClientTransport {
  private final String gateway;
  private volatile boolean closed;

  InProcessClientTransport(String gateway) {
    this.gateway = gateway;
  }

  @Override
  public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
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
    return server.open(observer, timeout);
  }

  @Override
  public void close() {
    closed = true;
  }
}

package dev.jflow.junit;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.GatewayAddress;
import java.util.ArrayList;
import java.util.List;

/** A started Flow and the clients handed out for it; JUnit closes it (clients first) when its context ends. */
final class RunningFlow implements AutoCloseable {
  private final AsyncFlow flow;
  private final List<Client> clients = new ArrayList<>();

  RunningFlow(AsyncFlow flow) {
    this.flow = flow;
  }

  AsyncFlow flow() {
    return flow;
  }

  GatewayAddress address() {
    return flow.gatewayAddress();
  }

  /** A new client of the gateway, closed with this Flow at the latest. */
  synchronized Client newClient() {
    GatewayAddress a = address();
    Client c = Client.connect(a.protocol(), a.host(), a.port());
    clients.add(c);
    return c;
  }

  @Override
  public void close() {
    List<Client> open;
    synchronized (this) {
      open = new ArrayList<>(clients);
      clients.clear();
    }
    RuntimeException failure = null;
    for (Client c : open) {
      try {
        c.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : addSuppressed(failure, e);
      }
    }
    flow.close();
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException addSuppressed(RuntimeException first, RuntimeException next) {
    first.addSuppressed(next);
    return first;
  }
}

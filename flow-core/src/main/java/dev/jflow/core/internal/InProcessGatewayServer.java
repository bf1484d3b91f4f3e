package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process gateway, found by clients under a name unique in the JVM. */
final class InProcessGatewayServer implements GatewayServer {
  private static final Map<String, InProcessGatewayServer> RUNNING = new ConcurrentHashMap<>();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final GatewayConfig config;
  private final Admission admission;
  private final String name = "gateway-" + COUNTER.incrementAndGet();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean closing;

  InProcessGatewayServer(GatewayConfig config, RequestHandler handler) {
    this.config = config;
    this.admission = Admission.of(config, handler, InProcessTransportProvider.NAME);
  }

  /** The running server named {@code name}, or null. */
  static InProcessGatewayServer find(String name) {
    return RUNNING.get(name);
  }

  @Override
  public synchronized CompletableFuture<Void> start() {
    if (!started.isDone()) {
      if (closing) {
        started.completeExceptionally(new FlowException(Status.Code.FAILED_PRECONDITION, "in-process gateway " + name + " is closed"));
      } else {
        RUNNING.put(name, this);
        started.complete(null);
      }
    }
    return started;
  }

  @Override
  public TransportAddress address() {
    return new TransportAddress(InProcessTransportProvider.NAME, name, 0);
  }

  /**
   * Opens a server-side call for a client presenting {@code credentials}, part of the trace {@code trace};
   * it fails at once with UNAVAILABLE when the server is closing, and as the admission says when they are refused.
   */
  InProcessCall open(ResponseObserver observer, java.time.Duration timeout, Credentials credentials, TraceContext trace) {
    return new InProcessCall(admission, observer, timeout, credentials, trace);
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    synchronized (this) {
      if (closing) {
        return closed;
      }
      closing = true;
    }
    admission.drain().whenComplete((v, cut) -> {
      RUNNING.remove(name, this);
      if (cut == null) {
        closed.complete(null);
      } else {
        closed.completeExceptionally(cut);
      }
    });
    return closed;
  }
}

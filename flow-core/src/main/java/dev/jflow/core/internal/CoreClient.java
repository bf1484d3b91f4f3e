package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientTransport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;

/** A client of a running gateway, over the transport its configuration names. */
final class CoreClient implements Client {
  private final ClientConfig config;
  private final ClientTransport transport;
  private final ExecutorService callers = ThreadPools.cached("jflow-client");
  private final ClientEngine engine;
  private volatile boolean closed;

  CoreClient(ClientConfig config, ClientTransport transport) {
    this.config = config;
    this.transport = transport;
    this.engine = new ClientEngine(this::transport, callers);
  }

  private ClientTransport transport() {
    if (closed) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "the client of " + config.host() + " is closed");
    }
    return transport;
  }

  @Override
  public ClientConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<List<Response>> call(RequestType type, Inputs inputs, CallOptions options) {
    return engine.call(type, inputs, options);
  }

  @Override
  public Flow.Publisher<Response> stream(RequestType type, Inputs inputs, CallOptions options) {
    return engine.stream(type, inputs, options);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    transport.close();
    ThreadPools.shutdown(callers, 5_000);
  }
}

package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.spi.ClientTransport;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/** A client call as a publisher of responses: each subscription runs the call once over the transport. */
final class CallPublisher implements Flow.Publisher<Response> {
  private final ClientTransport transport;
  private final RequestType type;
  private final Inputs inputs;
  private final CallOptions options;
  private final Executor executor;

  CallPublisher(ClientTransport transport, RequestType type, Inputs inputs, CallOptions options, Executor defaultExecutor) {
    this.transport = transport;
    this.type = type;
    this.inputs = inputs;
    this.options = options;
    this.executor = options.executor() != null ? options.executor() : defaultExecutor;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Response> subscriber) {
    java.util.Objects.requireNonNull(subscriber, "subscriber");
    new CallSubscription(transport, type, inputs, options, executor, subscriber).start();
  }
}

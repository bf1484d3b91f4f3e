package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientTransport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/** The calls every client port shares (Flow, AsyncFlow, Client), over whichever transport it holds. */
final class ClientEngine {
  private final Supplier<ClientTransport> transport;
  private final Executor executor;

  /**
   * @param transport the transport to call; may throw a FlowException when there is none (e.g. the
   *     Flow is not started), which fails the call
   * @param executor where input is read, and responses are delivered when the transport's thread may
   *     not deliver them ({@link ClientTransport#callbacksMayBlock()}), unless a call names its own
   */
  ClientEngine(Supplier<ClientTransport> transport, Executor executor) {
    this.transport = transport;
    this.executor = executor;
  }

  Flow.Publisher<Response> stream(RequestType type, Inputs inputs, CallOptions options) {
    check(type, inputs, options);
    return new CallPublisher(transport.get(), type, inputs, options, executor);
  }

  CompletableFuture<List<Response>> call(RequestType type, Inputs inputs, CallOptions options) {
    CallFuture<List<Response>> future = new CallFuture<>();
    try {
      stream(type, inputs, options).subscribe(new ResponseCollector(options, future));
    } catch (RuntimeException e) {
      future.fail(e);
    }
    return future;
  }

  /**
   * Sends one request on its own call and completes with its response (for control requests); a
   * response with an error status fails the future with that status.
   */
  CompletableFuture<Response> single(dev.jflow.api.Request request) {
    ClientTransport t;
    try {
      t = transport.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return OneCall.send(t, request, "the gateway").thenApply(response -> {
      if (response.isError()) {
        throw new FlowException(response.status());
      }
      return response;
    });
  }

  private static void check(RequestType type, Inputs inputs, CallOptions options) {
    if (type == null || inputs == null || options == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "a call needs a request type, inputs and options; got type="
          + type + ", inputs=" + inputs + ", options=" + options);
    }
    if (type == RequestType.CONTROL) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "CONTROL requests carry commands, not documents; use the Flow's control methods");
    }
  }
}

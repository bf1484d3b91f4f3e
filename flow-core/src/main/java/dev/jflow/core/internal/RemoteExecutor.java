package dev.jflow.core.internal;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.AsyncExecutor;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TransportProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A pod whose work happens in another JFlow process: each request is sent to that process's gateway
 * over the named transport, and the documents that come back replace the request's. A failed remote
 * request fails this pod with the remote status; an unreachable gateway fails it with UNAVAILABLE
 * naming the address.
 */
final class RemoteExecutor implements AsyncExecutor {
  private final TransportProvider provider;
  private final ClientConfig config;
  private final String address;
  private ClientTransport transport;

  RemoteExecutor(TransportProvider provider, ClientConfig config) {
    this.provider = provider;
    this.config = config;
    this.address = config.protocol() + "://" + config.host() + ":" + config.port();
  }

  @Override
  public void open(ExecutorContext context) {
    transport = provider.newClientTransport(config);
  }

  @Override
  public CompletionStage<Void> handleAsync(Request request) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ClientCall call = transport.open(new ResponseObserver() {
      @Override
      public void onNext(Response response) {
        if (response.isError()) {
          done.completeExceptionally(new FlowException(Status.of(response.status().code(),
              "remote pod " + address + " failed: " + response.status().description(), response.status().exception())));
          return;
        }
        request.docs().clear();
        request.docs().addAll(response.docs());
        done.complete(null);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }

      @Override
      public void onCompleted() {
        done.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "remote pod " + address + " ended the call without answering"));
      }
    }, null);
    call.send(request);
    call.halfClose();
    return done;
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "remote pod " + address;
  }
}

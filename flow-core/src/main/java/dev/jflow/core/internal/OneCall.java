package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import java.util.concurrent.CompletableFuture;

/** One request on a call of its own: control requests, and a remote pod's requests that do not go on its {@link RemoteStream}. */
final class OneCall {
  private OneCall() {}

  /** Sends {@code request} and completes with its response (whatever its status); fails if the call fails or ends unanswered. */
  static CompletableFuture<Response> send(ClientTransport transport, Request request, String peer) {
    return send(transport, request, peer, TraceContext.none());
  }

  /** {@link #send(ClientTransport, Request, String)} as part of the trace {@code trace} (sent with the call). */
  static CompletableFuture<Response> send(ClientTransport transport, Request request, String peer, TraceContext trace) {
    CompletableFuture<Response> done = new CompletableFuture<>();
    ClientCall call;
    try {
      call = transport.open(new ResponseObserver() {
        @Override
        public void onNext(Response response) {
          done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
          done.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
          done.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, peer + " ended the call without answering"));
        }
      }, null, trace);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    call.send(request);
    call.halfClose();
    return done;
  }
}

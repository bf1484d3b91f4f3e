package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.AdmittedCall;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.CallSink;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;

/**
 * One in-process call: the client's side of an {@link AdmittedCall}, with no bytes in between.
 * Requests are objects, so they count against the byte budgets with {@link Request#estimatedBytes()};
 * the admission runs at most {@code prefetch} of them at once.
 */
final class InProcessCall implements ClientCall {
  private final AdmittedCall call;
  private boolean halfClosed;

  InProcessCall(Admission admission, ResponseObserver observer, java.time.Duration timeout, Credentials credentials,
      TraceContext trace) {
    this.call = admission.open(new CallSink() {
      @Override
      public void send(Request request, Response response) {
        observer.onNext(response);
      }

      @Override
      public void complete() {
        observer.onCompleted();
      }

      @Override
      public void fail(FlowException error) {
        observer.onError(error);
      }
    }, timeout, credentials, trace);
  }

  @Override
  public void send(Request request) {
    synchronized (this) {
      if (halfClosed) {
        throw new IllegalStateException("send after halfClose");
      }
    }
    call.offer(request, request.estimatedBytes());
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      halfClosed = true;
    }
    call.halfClose();
  }

  @Override
  public void cancel(String reason) {
    call.fail(new FlowException(Status.Code.CANCELLED, reason == null ? "cancelled by the client" : reason));
  }
}

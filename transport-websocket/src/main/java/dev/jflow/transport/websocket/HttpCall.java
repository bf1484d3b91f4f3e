package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.spi.AdmittedCall;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.CallSink;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.TraceContext;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The requests of one HTTP call as one {@link AdmittedCall}: run at most {@code prefetch} at a time,
 * completing with the responses in request order, or failing with the first failure, abandoning the
 * rest. Each request counts its share of the body's bytes against the byte budgets.
 */
final class HttpCall {
  private final List<Request> requests;
  private final long bytesEach;
  private final Map<Request, Integer> order = new IdentityHashMap<>();
  private final Response[] responses;
  private final CompletableFuture<List<Response>> result = new CompletableFuture<>();
  private final AdmittedCall call;

  /**
   * @param credentials what the client presented (its {@code Authorization} header)
   * @param trace the trace context of its {@code traceparent} and {@code tracestate} headers
   */
  HttpCall(Admission admission, List<Request> requests, long bodyBytes, Credentials credentials, TraceContext trace) {
    this.requests = requests;
    this.bytesEach = requests.isEmpty() ? 0 : Math.max(1, bodyBytes / requests.size());
    this.responses = new Response[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      order.put(requests.get(i), i);
    }
    this.call = admission.open(new CallSink() {
      @Override
      public void send(Request request, Response response) {
        responses[order.get(request)] = response;
      }

      @Override
      public void complete() {
        result.complete(Arrays.asList(responses));
      }

      @Override
      public void fail(FlowException error) {
        result.completeExceptionally(error);
      }
    }, null, credentials, trace);
  }

  /** Starts the call; the future completes with one response per request. */
  CompletableFuture<List<Response>> run() {
    requests.forEach(r -> call.offer(r, bytesEach));
    call.halfClose();
    return result;
  }

  /** The client went away: abandons the running requests and fails the call with {@code why}. */
  void cancel(FlowException why) {
    call.cancel(why.getMessage());
    result.completeExceptionally(why);
  }
}

package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client stream at the gateway. It asks gRPC for {@code prefetch} messages, then one more per
 * response sent, so at most {@code prefetch} requests of a stream run at once and a slow Flow never
 * buffers an unbounded input. Responses go back as they complete, each with its request's id. Bad
 * input ends this stream with INVALID_ARGUMENT; client cancellation abandons the stream's work.
 */
final class GatewayCall implements StreamObserver<Inbound> {
  private final ServerCallStreamObserver<RequestProto> out;
  private final RequestHandler handler;
  private final Set<CompletableFuture<Response>> running = new HashSet<>();
  private boolean inputDone;
  private boolean closed;

  GatewayCall(StreamObserver<RequestProto> responses, RequestHandler handler, int prefetch) {
    this.out = (ServerCallStreamObserver<RequestProto>) responses;
    this.handler = handler;
    out.disableAutoRequest();
    out.setOnCancelHandler(this::abandon);
    out.request(prefetch);
  }

  @Override
  public void onNext(Inbound in) {
    if (in.problem() != null) {
      fail(io.grpc.Status.INVALID_ARGUMENT.withDescription(in.problem()));
      return;
    }
    Request request;
    try {
      request = ProtoCodec.decodeRequest(in.proto());
    } catch (FlowException e) {
      fail(io.grpc.Status.INVALID_ARGUMENT.withDescription("request '" + in.proto().getRequestId() + "': " + e.status().description()));
      return;
    }
    CompletableFuture<Response> f = handler.handle(request, timeLeft());
    synchronized (this) {
      if (closed) {
        f.cancel(false);
        return;
      }
      running.add(f);
    }
    f.whenComplete((response, error) -> completed(f, response, error));
  }

  /**
   * The time this request may take: the client's deadline less a margin, so that the gateway's own
   * DEADLINE_EXCEEDED, which names the slow pod, reaches the client before its deadline fires there.
   */
  private static Duration timeLeft() {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return null;
    }
    long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
    return Duration.ofMillis(Math.max(0, left - Math.min(DEADLINE_MARGIN_MS, left / 10)));
  }

  private static final long DEADLINE_MARGIN_MS = 50;

  private void completed(CompletableFuture<Response> f, Response response, Throwable error) {
    if (error != null) {
      fail(GrpcStatuses.toGrpc(error));
      return;
    }
    RequestProto proto;
    try {
      proto = ProtoCodec.encode(response);
    } catch (RuntimeException e) {
      fail(io.grpc.Status.INTERNAL.withDescription("cannot encode the response to " + response.requestId() + ": " + e));
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      running.remove(f);
      out.onNext(proto);
      if (inputDone && running.isEmpty()) {
        closed = true;
        out.onCompleted();
      } else {
        out.request(1);
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    abandon();
  }

  @Override
  public synchronized void onCompleted() {
    inputDone = true;
    if (!closed && running.isEmpty()) {
      closed = true;
      out.onCompleted();
    }
  }

  private void fail(io.grpc.Status status) {
    Set<CompletableFuture<Response>> abandoned;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      abandoned = new HashSet<>(running);
      running.clear();
      out.onError(status.asRuntimeException());
    }
    abandoned.forEach(f -> f.cancel(false));
  }

  /** The client went away (cancel, deadline, disconnect): stop the stream's work. */
  private void abandon() {
    Set<CompletableFuture<Response>> abandoned;
    synchronized (this) {
      closed = true;
      abandoned = new HashSet<>(running);
      running.clear();
    }
    abandoned.forEach(f -> f.cancel(false));
  }
}

package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.AdmittedCall;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.CallSink;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.proto.DecodeLimits;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One client stream at the gateway, a thin adapter around an {@link AdmittedCall}: gRPC reads a
 * message only when the admission asks (a free prefetch slot, room in the byte budget and a client
 * that is reading its responses), so a client that sends without reading holds at most
 * {@code prefetch} requests here. Bad input ends this stream with INVALID_ARGUMENT; client
 * cancellation abandons the stream's work. The call's metadata gives the admission its credentials and
 * trace context; every response written is reported to the gateway's meters with its size.
 */
final class GatewayCall implements StreamObserver<Inbound> {
  private final AdmittedCall call;
  private final DecodeLimits limits;

  GatewayCall(StreamObserver<RequestProto> responses, Admission admission, DecodeLimits limits, GatewayMetrics metrics) {
    this.limits = limits;
    ServerCallStreamObserver<RequestProto> out = (ServerCallStreamObserver<RequestProto>) responses;
    out.disableAutoRequest();
    this.call = admission.open(new Sink(out, metrics), timeLeft(), BearerMetadata.current(), TraceMetadata.current());
    out.setOnCancelHandler(() -> call.cancel("the client cancelled or went away"));
    out.setOnReadyHandler(call::onReady);
  }

  /** The client's deadline as a timeout from now, or null. */
  private static Duration timeLeft() {
    Deadline deadline = Context.current().getDeadline();
    return deadline == null ? null : Duration.ofNanos(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
  }

  @Override
  public void onNext(Inbound in) {
    if (in.problem() != null) {
      call.fail(new FlowException(Status.Code.INVALID_ARGUMENT, in.problem()));
      return;
    }
    Request request;
    try {
      request = ProtoCodec.decodeRequest(in.proto(), limits);
    } catch (FlowException e) {
      call.fail(new FlowException(e.code(), "request '" + in.proto().getRequestId() + "': " + e.status().description()));
      return;
    }
    call.offer(request, in.proto().getSerializedSize());
  }

  @Override
  public void onError(Throwable t) {
    call.cancel("the client failed the stream: " + t);
  }

  @Override
  public void onCompleted() {
    call.halfClose();
  }

  /** Writes to the gRPC stream; reads on demand. */
  private static final class Sink implements CallSink {
    private final ServerCallStreamObserver<RequestProto> out;
    private final GatewayMetrics metrics;

    Sink(ServerCallStreamObserver<RequestProto> out, GatewayMetrics metrics) {
      this.out = out;
      this.metrics = metrics;
    }

    @Override
    public void send(Request request, Response response) {
      RequestProto proto = ProtoCodec.encode(response);
      out.onNext(proto);
      metrics.sent(proto.getSerializedSize()); // memoized: the marshaller computed it to write the message
    }

    @Override
    public void complete() {
      out.onCompleted();
    }

    @Override
    public void fail(FlowException error) {
      out.onError(GrpcStatuses.toGrpc(error).asRuntimeException());
    }

    @Override
    public boolean readsOnDemand() {
      return true;
    }

    @Override
    public void request(int n) {
      out.request(n);
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }
  }
}

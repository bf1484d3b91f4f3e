package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;

/** Maps gRPC statuses onto JFlow's {@link Status} and back. */
final class GrpcStatuses {
  private GrpcStatuses() {}

  /** The FlowException for a failed gRPC call to {@code address}. */
  static FlowException toFlow(Throwable t, String address) {
    return toFlow(t, address, false);
  }

  /**
   * The FlowException for a failed gRPC call to {@code address}: a failed TLS handshake says why in
   * words, and a client whose connection was cut suggests TLS ({@code plaintext}) or a client certificate.
   */
  static FlowException toFlow(Throwable t, String address, boolean plaintext) {
    io.grpc.Status s = io.grpc.Status.fromThrowable(t);
    String description = s.getDescription() == null ? s.getCode().name() : s.getDescription();
    Status.Code code = toFlow(s.getCode());
    // grpc-java reports a call whose connection closed under it (a remote pod killed mid-call) as UNKNOWN
    // "channel closed": the peer is gone, which is UNAVAILABLE, so the request is retried on another replica
    boolean closed = s.getCode() == io.grpc.Status.Code.UNKNOWN && closedChannel(t);
    if (closed) {
      code = Status.Code.UNAVAILABLE;
    }
    if (code == Status.Code.UNAVAILABLE) {
      String tls = closed ? null : dev.jflow.api.spi.Tls.describe(t);
      if (tls != null) {
        description = tls;
      } else if (!closed && cutOff(t)) {
        description = description + "; " + (plaintext ? dev.jflow.api.spi.Tls.PLAINTEXT_HINT : dev.jflow.api.spi.Tls.MUTUAL_HINT);
      }
      description = "gateway " + address + " is unavailable: " + description;
    }
    return new FlowException(Status.of(code, description).withCause(t));
  }

  private static boolean closedChannel(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the connection was cut under the call (an I/O failure other than nothing listening), as
   * when TLS and plaintext meet or a client certificate is refused; not a status the gateway sent.
   */
  private static boolean cutOff(Throwable t) {
    String d = io.grpc.Status.fromThrowable(t).getDescription();
    boolean io = d != null && d.startsWith("Network closed"); // grpc-java's words for a connection closed under a call
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof java.net.ConnectException) {
        return false;
      }
      io |= c instanceof java.io.IOException;
    }
    return io;
  }

  static Status.Code toFlow(io.grpc.Status.Code code) {
    switch (code) {
      case OK: return Status.Code.SUCCESS;
      case INVALID_ARGUMENT: case OUT_OF_RANGE: return Status.Code.INVALID_ARGUMENT;
      case UNAVAILABLE: return Status.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED: return Status.Code.DEADLINE_EXCEEDED;
      case CANCELLED: return Status.Code.CANCELLED;
      case RESOURCE_EXHAUSTED: return Status.Code.RESOURCE_EXHAUSTED;
      case FAILED_PRECONDITION: return Status.Code.FAILED_PRECONDITION;
      case NOT_FOUND: return Status.Code.NOT_FOUND;
      case UNAUTHENTICATED: return Status.Code.UNAUTHENTICATED;
      case PERMISSION_DENIED: return Status.Code.PERMISSION_DENIED;
      default: return Status.Code.INTERNAL;
    }
  }

  /** The gRPC status to close a stream with for {@code t}. */
  static io.grpc.Status toGrpc(Throwable t) {
    FlowException e = Futures.toFlowException(t);
    io.grpc.Status.Code code;
    switch (e.code()) {
      case INVALID_ARGUMENT: code = io.grpc.Status.Code.INVALID_ARGUMENT; break;
      case UNAVAILABLE: code = io.grpc.Status.Code.UNAVAILABLE; break;
      case DEADLINE_EXCEEDED: code = io.grpc.Status.Code.DEADLINE_EXCEEDED; break;
      case CANCELLED: code = io.grpc.Status.Code.CANCELLED; break;
      case RESOURCE_EXHAUSTED: code = io.grpc.Status.Code.RESOURCE_EXHAUSTED; break;
      case FAILED_PRECONDITION: code = io.grpc.Status.Code.FAILED_PRECONDITION; break;
      case NOT_FOUND: code = io.grpc.Status.Code.NOT_FOUND; break;
      case UNAUTHENTICATED: code = io.grpc.Status.Code.UNAUTHENTICATED; break;
      case PERMISSION_DENIED: code = io.grpc.Status.Code.PERMISSION_DENIED; break;
      default: code = io.grpc.Status.Code.INTERNAL; break;
    }
    return io.grpc.Status.fromCode(code).withDescription(e.status().description());
  }
}

package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** How gRPC failures of a client call become the Flow's codes. */
class GrpcStatusesTest {

  @Test
  void aConnectionClosedUnderTheCallIsUnavailableSoTheRequestIsRetriedElsewhere() {
    // what grpc-netty reports when the peer's process dies mid-call (ReplicaKilledIT saw it as a lost request)
    Throwable closed = io.grpc.Status.UNKNOWN.withDescription("channel closed").withCause(new ClosedChannelException())
        .asRuntimeException();
    FlowException e = GrpcStatuses.toFlow(closed, "127.0.0.1:1", true);
    assertEquals(Status.Code.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("gateway 127.0.0.1:1 is unavailable: channel closed"), e.getMessage());
    assertTrue(!e.getMessage().contains("TLS"), "a closed channel is not a TLS hint: " + e.getMessage());
  }

  @Test
  void anUnknownFailureWithoutAClosedChannelStaysInternal() {
    FlowException e = GrpcStatuses.toFlow(io.grpc.Status.UNKNOWN.withDescription("boom").asRuntimeException(), "h:1", false);
    assertEquals(Status.Code.INTERNAL, e.code());
  }
}

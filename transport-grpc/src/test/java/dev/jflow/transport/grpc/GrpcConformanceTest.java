package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.core.testing.TransportConformanceSuite;
import dev.jflow.transport.grpc.testing.PlaintextChannel;

/** The transport contract, kept by the gRPC transport over real sockets on 127.0.0.1. */
class GrpcConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "grpc";
  }

  @Override
  protected FlowException sendMalformed(GatewayAddress gateway) throws Exception {
    try (PlaintextChannel channel = PlaintextChannel.to(gateway.port())) {
      Throwable failure = channel.sendRaw(new byte[] {0x0A, (byte) 0xFF, 0x01});
      return failure == null ? null : GrpcStatuses.toFlow(failure, gateway.toString());
    }
  }
}

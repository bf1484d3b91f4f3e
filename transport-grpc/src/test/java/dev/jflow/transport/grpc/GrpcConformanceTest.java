package dev.jflow.transport.grpc;

import dev.jflow.core.testing.TransportConformanceSuite;

/** The transport contract, kept by the gRPC transport over real sockets on 127.0.0.1. */
class GrpcConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "grpc";
  }
}

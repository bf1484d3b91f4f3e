package dev.jflow.transport.grpc;

import dev.jflow.core.testing.TlsConformanceSuite;

/** TLS and mutual TLS on the gRPC gateway and client, over real sockets on 127.0.0.1. */
class GrpcTlsTest extends TlsConformanceSuite {
  @Override
  protected String protocol() {
    return "grpc";
  }
}

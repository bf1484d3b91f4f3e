/** The {@code grpc} transport, found by flow-core with ServiceLoader. */
@SuppressWarnings("requires-automatic") // grpc-java names its modules in its manifests only
module dev.jflow.transport.grpc {
  requires transitive dev.jflow.api;
  requires dev.jflow.proto;
  requires com.google.protobuf;
  requires io.grpc;
  requires io.grpc.stub;
  requires io.grpc.protobuf;
  requires io.grpc.services;
  requires io.grpc.netty.shaded;
  // grpc-java's jars are automatic modules: they read every module but cannot require any, so the
  // explicit modules they load at run time are required here, or the module path would lack them
  requires com.google.common;
  // netty (shaded in grpc-netty-shaded) uses sun.misc.Unsafe for direct buffers, as on the class path
  requires jdk.unsupported;

  exports dev.jflow.transport.grpc;

  provides dev.jflow.api.spi.TransportProvider with dev.jflow.transport.grpc.GrpcTransportProvider;
}

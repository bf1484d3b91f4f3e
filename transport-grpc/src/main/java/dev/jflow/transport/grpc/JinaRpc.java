package dev.jflow.transport.grpc;

import com.google.protobuf.Descriptors;
import dev.jflow.proto.jina.JinaProto;
import dev.jflow.proto.jina.RequestProto;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;

/**
 * The {@code jina.JinaRPC} service, described by hand from the generated schema: one bidirectional
 * method {@code Call}. The server's method parses requests itself (see {@link Inbound}); both carry
 * the file descriptor so server reflection can describe them.
 */
final class JinaRpc {
  static final String SERVICE_NAME = "jina.JinaRPC";
  static final String FULL_METHOD_NAME = MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Call");

  private static final Schema SCHEMA = new Schema();

  /** The method as clients call it. */
  static final MethodDescriptor<RequestProto, RequestProto> CLIENT_METHOD = method(ProtoUtils.marshaller(RequestProto.getDefaultInstance()));

  /** The method as the gateway serves it. */
  static final MethodDescriptor<Inbound, RequestProto> SERVER_METHOD = method(new InboundMarshaller());

  /** The service with the server's method. */
  static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder(SERVICE_NAME)
      .setSchemaDescriptor(SCHEMA).addMethod(SERVER_METHOD).build();

  private JinaRpc() {}

  private static <I> MethodDescriptor<I, RequestProto> method(MethodDescriptor.Marshaller<I> requests) {
    return MethodDescriptor.<I, RequestProto>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(FULL_METHOD_NAME)
        .setRequestMarshaller(requests)
        .setResponseMarshaller(ProtoUtils.marshaller(RequestProto.getDefaultInstance()))
        .setSchemaDescriptor(SCHEMA)
        .build();
  }

  /**
   * Parses requests with grpc-java's protobuf marshaller (which reads the message into one array
   * first, the fast path), turning a malformed one into an {@link Inbound} with a problem instead of
   * gRPC's generic INTERNAL.
   */
  private static final class InboundMarshaller implements MethodDescriptor.Marshaller<Inbound> {
    private final MethodDescriptor.Marshaller<RequestProto> protos = ProtoUtils.marshaller(RequestProto.getDefaultInstance());

    @Override
    public InputStream stream(Inbound value) {
      return protos.stream(value.proto());
    }

    @Override
    public Inbound parse(InputStream stream) {
      try {
        return new Inbound(protos.parse(stream), null);
      } catch (io.grpc.StatusRuntimeException e) {
        Throwable cause = e.getCause();
        return new Inbound(null, "malformed RequestProto: " + (cause != null ? cause.getMessage() : e.getStatus().getDescription()));
      }
    }
  }

  private static final class Schema implements ProtoFileDescriptorSupplier, ProtoServiceDescriptorSupplier, ProtoMethodDescriptorSupplier {
    @Override
    public Descriptors.FileDescriptor getFileDescriptor() {
      return JinaProto.getDescriptor();
    }

    @Override
    public Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("JinaRPC");
    }

    @Override
    public Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName("Call");
    }
  }
}

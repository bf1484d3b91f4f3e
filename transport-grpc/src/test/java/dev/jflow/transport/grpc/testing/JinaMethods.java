package dev.jflow.transport.grpc.testing;

import dev.jflow.proto.jina.RequestProto;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code jina.JinaRPC/Call} as a client outside JFlow sees it: with RequestProtos, or with raw bytes. */
public final class JinaMethods {
  private JinaMethods() {}

  /** The call with RequestProtos each way. */
  public static final MethodDescriptor<RequestProto, RequestProto> CALL = call(
      ProtoUtils.marshaller(RequestProto.getDefaultInstance()), ProtoUtils.marshaller(RequestProto.getDefaultInstance()));

  /** The call with raw bytes each way, to send what a broken client would. */
  public static final MethodDescriptor<byte[], byte[]> RAW = call(new Bytes(), new Bytes());

  private static <Q, R> MethodDescriptor<Q, R> call(MethodDescriptor.Marshaller<Q> requests, MethodDescriptor.Marshaller<R> responses) {
    return MethodDescriptor.<Q, R>newBuilder().setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName("jina.JinaRPC/Call").setRequestMarshaller(requests).setResponseMarshaller(responses).build();
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

package dev.jflow.transport.grpc;

import dev.jflow.api.spi.Credentials;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;

/**
 * Bearer tokens in gRPC metadata, {@code authorization: Bearer <token>} as any gRPC client can send
 * them: the gateway's interceptor hands them to the call as {@link Credentials} (the admission decides
 * what they are worth), the client attaches its configured token to every call.
 */
final class BearerMetadata implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Credentials> CREDENTIALS = Context.key("jflow-credentials");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Context context = Context.current().withValue(CREDENTIALS, Credentials.fromAuthorization(headers.get(AUTHORIZATION)));
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The credentials of the call being started on this thread; none outside an intercepted call. */
  static Credentials current() {
    Credentials c = CREDENTIALS.get();
    return c == null ? Credentials.none() : c;
  }

  /** {@code channel} sending {@code token} with every call; itself when the token is null. */
  static Channel attach(Channel channel, String token) {
    if (token == null) {
      return channel;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}

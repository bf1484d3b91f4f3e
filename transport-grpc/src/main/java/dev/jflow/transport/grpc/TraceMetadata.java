package dev.jflow.transport.grpc;

import dev.jflow.api.spi.TraceContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * W3C trace context in gRPC metadata ({@code traceparent}, {@code tracestate}), as OpenTelemetry's gRPC
 * instrumentation sends it: the gateway's interceptor hands it to the call, the client sends the one a
 * call was opened with ({@link #with}).
 */
final class TraceMetadata implements ServerInterceptor {
  static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of(TraceContext.TRACEPARENT, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TRACESTATE = Metadata.Key.of(TraceContext.TRACESTATE, Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<TraceContext> TRACE = Context.key("jflow-trace");
  private static final CallOptions.Key<TraceContext> OPTION = CallOptions.Key.createWithDefault("jflow-trace", TraceContext.none());

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String parent = headers.get(TRACEPARENT);
    if (parent == null) {
      return next.startCall(call, headers); // most calls: nothing to carry
    }
    Context context = Context.current().withValue(TRACE, TraceContext.of(parent, headers.get(TRACESTATE)));
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The trace context of the call being started on this thread; none outside an intercepted call or without one. */
  static TraceContext current() {
    TraceContext t = TRACE.get();
    return t == null ? TraceContext.none() : t;
  }

  /** {@code options} for a call that sends {@code trace} (through a channel made by {@link #attach}). */
  static CallOptions with(CallOptions options, TraceContext trace) {
    return trace == null || !trace.isPresent() ? options : options.withOption(OPTION, trace);
  }

  /** {@code channel} sending the trace context of each call's options ({@link #with}) as metadata. */
  static Channel attach(Channel channel) {
    return ClientInterceptors.intercept(channel, new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        TraceContext trace = options.getOption(OPTION);
        ClientCall<Q, R> call = next.newCall(method, options);
        if (!trace.isPresent()) {
          return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(TRACEPARENT, trace.traceparent());
            if (!trace.tracestate().isEmpty()) {
              headers.put(TRACESTATE, trace.tracestate());
            }
            super.start(listener, headers);
          }
        };
      }
    });
  }
}

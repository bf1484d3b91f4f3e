package dev.jflow.api.spi;

import dev.jflow.api.GatewayConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a gateway admits work, the one mechanism every transport uses as a thin adapter: prefetch
 * slots per call, a byte budget per call and one for the whole gateway, the set of running requests
 * (abandoned when the client goes away), the deadline margin, the completion rule, the drain at
 * shutdown, and who may send what (the {@link Authenticator} and each request's {@link Role}). Pull
 * transports read input only when a slot is free and the client is taking output.
 */
public interface Admission {

  /**
   * An admission for a gateway configured by {@code config} serving {@code handler}; its meters are
   * those of {@code config.protocol()}, or of {@code "auto"} when none is configured. Transports use
   * {@link #of(GatewayConfig, RequestHandler, String)}.
   */
  static Admission of(GatewayConfig config, RequestHandler handler) {
    return new DefaultAdmission(config, handler, config.protocol() == null ? "auto" : config.protocol());
  }

  /**
   * An admission for the gateway of transport {@code transportName} ({@code grpc}, {@code websocket},
   * ...) configured by {@code config} serving {@code handler}: it asks the handler once for the meters of
   * {@code transportName}, the protocol they are reported under whatever {@code config.protocol()} says
   * (an automatic protocol is the transport that serves it), and hands them out by {@link #metrics()}.
   *
   * @throws NullPointerException when {@code transportName} is null
   */
  static Admission of(GatewayConfig config, RequestHandler handler, String transportName) {
    return new DefaultAdmission(config, handler, java.util.Objects.requireNonNull(transportName,
        "transportName is null: pass the name the transport is registered under (e.g. \"grpc\"); its meters are reported under it"));
  }

  /**
   * The gateway's meters, to which its calls report and the transport reports its connections and the
   * bytes it writes; default {@link GatewayMetrics#none()}.
   */
  default GatewayMetrics metrics() {
    return GatewayMetrics.none();
  }

  /**
   * Opens a call whose responses go to {@code sink}. With a {@code timeout} (null for none) every
   * request must be done by then; each is given what is left less a margin, so the Flow's own
   * DEADLINE_EXCEEDED, which names the slow pod, reaches the client before the client's timer fires.
   * The configured {@link Authenticator} decides who presented {@code credentials}: a refused call
   * fails at once with UNAUTHENTICATED (or the authenticator's code); then every request offered is
   * checked against the caller's {@link Role}, a request the caller may not send failing the call with
   * PERMISSION_DENIED. While draining, the call fails at once with UNAVAILABLE.
   */
  default AdmittedCall open(CallSink sink, Duration timeout, Credentials credentials) {
    return open(sink, timeout, credentials, TraceContext.none());
  }

  /**
   * {@link #open(CallSink, Duration, Credentials)} for a caller who sent a trace context with the
   * call: every request of the call is handled as part of that trace.
   */
  AdmittedCall open(CallSink sink, Duration timeout, Credentials credentials, TraceContext trace);

  /** {@link #open(CallSink, Duration, Credentials)} for a caller who presented no credentials. */
  default AdmittedCall open(CallSink sink, Duration timeout) {
    return open(sink, timeout, Credentials.none());
  }

  /**
   * Stops admitting: new calls and new requests are refused with UNAVAILABLE, accepted requests run
   * to the end and their calls complete; calls still open after the configured grace period are
   * failed with UNAVAILABLE naming the shutdown. The future completes normally when everything
   * accepted was answered, and fails with an UNAVAILABLE {@link dev.jflow.api.FlowException} saying how
   * many calls were cut when the grace period ran out. Calling it again returns the same future.
   */
  CompletableFuture<Void> drain();

  /** Whether {@link #drain()} was called. */
  boolean isDraining();

  /** Calls open now. */
  int openCalls();

  /** Request bytes held now by every call together. */
  long heldBytes();
}

package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import java.time.Duration;

/**
 * One client call (a stream of requests) as the {@link Admission} runs it: at most {@code prefetch}
 * requests run at once, responses go to the call's {@link CallSink} as they complete, and the call
 * completes once its input ended and every request was answered. Thread-safe.
 */
public interface AdmittedCall {

  /**
   * Offers one decoded request of {@code bytes} bytes on the wire. It runs at once when a prefetch
   * slot is free, else waits in the backlog. Refused, ending the call with RESOURCE_EXHAUSTED, when
   * the stream's or the gateway's byte budget is full or the caller is over
   * {@link dev.jflow.api.GatewayConfig#maxRequestsPerSecond()}; ending it with UNAVAILABLE once the gateway
   * drains; with INVALID_ARGUMENT after {@link #halfClose()} or when it asks for a {@code top_k} over
   * {@link dev.jflow.api.GatewayConfig#maxTopK()}.
   */
  void offer(Request request, long bytes);

  /** The client sent its last request. */
  void halfClose();

  /** The client went away: running requests are abandoned and the sink hears nothing more. */
  void cancel(String reason);

  /** Ends the call with {@code error} (bad input found by the transport), abandoning its requests. */
  void fail(FlowException error);

  /** The transport can take output again (gRPC's on-ready signal): resumes reading input. */
  void onReady();

  /**
   * Sets the call's deadline to {@code timeout} from now (null for none), replacing the one given at
   * open; requests started later get what is left of it.
   */
  void deadline(Duration timeout);
}

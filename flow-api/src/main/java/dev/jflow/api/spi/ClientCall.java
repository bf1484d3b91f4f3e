package dev.jflow.api.spi;

import dev.jflow.api.Request;

/** One open call (a bidirectional stream) of a {@link ClientTransport}. Not thread-safe: send from one thread at a time. */
public interface ClientCall {

  /** Sends one request; its response arrives at the call's observer. */
  void send(Request request);

  /** Says no more requests follow; the server completes the call after the last response. */
  void halfClose();

  /** Abandons the call; the observer receives {@code onError} with CANCELLED unless it already finished. */
  void cancel(String reason);
}

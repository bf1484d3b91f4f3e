package dev.jflow.core.internal;

import dev.jflow.api.RequestType;
import dev.jflow.api.spi.TraceSpan;

/**
 * What one pass of a request through a replica group carries to the replica that runs it: the request's
 * id (for the MDC), type and documents (for the pod's meters), and the hop's span.
 */
final class Hop {
  final String requestId;
  final RequestType type;
  final int docs;
  final TraceSpan span;

  Hop(String requestId, RequestType type, int docs, TraceSpan span) {
    this.requestId = requestId;
    this.type = type;
    this.docs = docs;
    this.span = span;
  }
}

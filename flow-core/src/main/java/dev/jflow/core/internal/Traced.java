package dev.jflow.core.internal;

import dev.jflow.api.Request;
import dev.jflow.api.spi.TraceContext;
import java.util.concurrent.CompletionStage;

/** An executor in another process, whose calls carry the hop's trace context so that the remote Flow's spans join it. */
interface Traced {
  /** Handles {@code request} as part of the trace {@code trace}. */
  CompletionStage<Void> handleAsync(Request request, TraceContext trace);
}

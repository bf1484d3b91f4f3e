package dev.jflow.api;

import dev.jflow.api.internal.Factories;
import java.util.concurrent.CompletableFuture;

/**
 * A Flow that never blocks: a DAG of pods served by a gateway, driven by CRUD calls that return
 * futures. It owns no event loop of the caller's; callbacks run on the call's executor. Create one
 * with {@link #builder()}, {@link #start()} it, call it, and {@link #close()} it (idempotent).
 *
 * <pre>{@code
 * try (AsyncFlow flow = AsyncFlow.builder().add("encoder", Encoder::new).build()) {
 *   flow.start().join();
 *   flow.index(docs).thenAccept(responses -> ...);
 * }
 * }</pre>
 */
public interface AsyncFlow extends AsyncOperations, AsyncControl, AutoCloseable {

  /** A builder of async Flows. */
  static FlowBuilder<AsyncFlow> builder() {
    return new FlowBuilder<>(flow -> flow);
  }

  /** An async Flow made from {@code spec}. */
  static AsyncFlow of(FlowSpec spec) {
    return Factories.flowFactory().newFlow(spec);
  }

  /** What this Flow is made of. */
  FlowSpec spec();

  /** The Flow as a Mermaid flowchart (text; render it with any Mermaid tool, offline). */
  default String plot() {
    return dev.jflow.api.internal.Mermaid.of(spec());
  }

  /**
   * Opens every pod (in parallel, within the ready timeout) and starts the gateway. If a pod fails,
   * whatever started is closed and the future fails with a FlowException naming the pod and why.
   * Calling it again starts nothing more: every call's future completes with the one start's outcome.
   * Each caller gets its own future; completing or cancelling it changes neither the Flow nor others'.
   */
  CompletableFuture<Void> start();

  /** Whether the Flow started and is not closed. */
  boolean isRunning();

  /**
   * Where the first (usually the only) gateway listens; valid once started.
   *
   * @throws FlowException FAILED_PRECONDITION when the Flow is not running
   */
  default GatewayAddress gatewayAddress() {
    return gatewayAddresses().get(0);
  }

  /**
   * Where every gateway listens, one per {@linkplain GatewayConfig#protocols() protocol} in order;
   * valid once started. The gateways start together (if one cannot, none is left running), drain
   * together on close, and serve one Flow: the same pods, each gateway with its own admission budgets.
   *
   * @throws FlowException FAILED_PRECONDITION when the Flow is not running
   */
  java.util.List<GatewayAddress> gatewayAddresses();

  /**
   * Drains the gateway (no new calls or requests; accepted requests finish within the gateway's
   * {@link GatewayConfig#drainGrace() drain grace period}), then closes the executors; completes when
   * every thread is gone. It fails with UNAVAILABLE when the grace period ran out and requests had to
   * be cut; the Flow is closed all the same. Idempotent. Each caller gets its own future; completing
   * or cancelling it changes neither the close nor others'.
   */
  CompletableFuture<Void> closeAsync();

  /** Closes and waits; requests cut by the end of the drain grace period are logged, not thrown. */
  @Override
  default void close() {
    closeAsync().exceptionally(cut -> null).join();
  }
}

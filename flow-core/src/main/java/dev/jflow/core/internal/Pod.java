package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A running pod: one executor instance on a serial lane (one request at a time). */
final class Pod {
  private final PodSpec spec;
  private final Supplier<? extends Executor> factory;
  private final SerialLane lane;
  private volatile Executor executor;

  Pod(PodSpec spec, Supplier<? extends Executor> factory, java.util.concurrent.Executor pool) {
    this.spec = spec;
    this.factory = factory;
    this.lane = new SerialLane(spec.name(), pool);
  }

  String name() {
    return spec.name();
  }

  /** Creates and opens the executor on the pod's lane. */
  CompletableFuture<Void> open() {
    return lane.submit(() -> {
      Executor e = factory.get();
      if (e == null) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "the executor factory of pod '" + name() + "' returned null");
      }
      executor = e;
      try {
        e.open(new ExecutorContext(name(), 0, spec.with()));
      } catch (Exception ex) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "pod '" + name() + "' failed to open: " + ex, ex);
      }
      return CompletableFuture.completedFuture(null);
    });
  }

  /**
   * Runs the executor on {@code request}; completes when the executor is done with it. A request whose
   * caller gave up ({@code abandoned} turns true) while it waited in the lane is skipped.
   */
  CompletableFuture<Void> process(Request request, BooleanSupplier abandoned) {
    return lane.submit(() -> {
      if (abandoned.getAsBoolean()) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      return executor.handleAsync(request);
    });
  }

  /** Closes the executor after the requests already queued; never fails. */
  CompletableFuture<Void> close() {
    return lane.submit(() -> {
      Executor e = executor;
      executor = null;
      if (e != null) {
        try {
          e.close();
        } catch (Exception ex) {
          org.slf4j.LoggerFactory.getLogger(Pod.class).warn("closing the executor of pod '{}' failed", name(), ex);
        }
      }
      return CompletableFuture.<Void>completedFuture(null);
    }).exceptionally(t -> null);
  }
}

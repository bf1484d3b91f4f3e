package dev.jflow.api.spi;

import dev.jflow.api.Request;
import java.util.concurrent.CompletionStage;

/** An {@link Executor} that completes asynchronously: implement {@link #handleAsync} and never block in it. */
@FunctionalInterface
@SuppressWarnings("try") // close() may throw any exception, as user code does
public interface AsyncExecutor extends Executor {

  /** Handles one request; the returned stage completes when its documents are ready. */
  @Override
  CompletionStage<Void> handleAsync(Request request);

  /** Blocks on {@link #handleAsync}; JFlow itself always calls {@code handleAsync}. */
  @Override
  default void handle(Request request) throws Exception {
    handleAsync(request).toCompletableFuture().get();
  }
}

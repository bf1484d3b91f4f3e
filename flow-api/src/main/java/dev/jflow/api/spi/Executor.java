package dev.jflow.api.spi;

import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * User code that a pod runs on each request. A replica calls one executor instance at a time (a serial
 * lane), so an implementation needs no locking for its own state. Read {@link Request#type()} to act by
 * request type and change {@link Request#docs()} in place (set embeddings, add matches, drop documents).
 *
 * <p>Lifecycle: {@link #open} once before the first request, {@link #close} once after the last.
 * A thrown exception marks the request's route ERROR; the Flow keeps serving. Write a lambda for a
 * stateless executor, or implement {@link AsyncExecutor} to complete asynchronously.
 */
@FunctionalInterface
@SuppressWarnings("try") // close() may throw any exception, as user code does
public interface Executor extends AutoCloseable {

  /** Prepares the executor (load a model, open an index) before it serves requests. Does nothing by default. */
  default void open(ExecutorContext context) throws Exception {}

  /** Handles one request, changing its documents in place. */
  void handle(Request request) throws Exception;

  /**
   * Handles one request and completes when done; the replica takes its next request only then. By
   * default runs {@link #handle} and returns a completed stage.
   */
  default CompletionStage<Void> handleAsync(Request request) {
    try {
      handle(request);
      return CompletableFuture.completedFuture(null);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /**
   * Whether this instance can take requests now. A Flow prefers ready replicas, counts a pod ready
   * only while one of its replicas is, and retries a request on another replica when a remote one
   * turns out unreachable. True by default; a remote pod answers false while its process is down.
   */
  default boolean isReady() {
    return true;
  }

  /**
   * Writes the executor's data to {@code path} in {@code shards} parts, for a rolling update to load.
   * The Flow passes an absolute path it has confined to its workspace ({@code FlowSpec.workspace()}).
   * By default the executor cannot dump: it throws UnsupportedOperationException, which the Flow
   * reports naming the pod.
   */
  default void dump(String path, int shards) throws Exception {
    throw new UnsupportedOperationException(getClass().getName() + " cannot dump its data; implement Executor.dump");
  }

  /**
   * The arguments ({@code with} keys) a RELOAD may change on a running pod (a rolling update); any
   * other is refused with INVALID_ARGUMENT listing these. {@code workspace} and {@code load_path} also
   * need the Flow's {@code allowReloadPaths}, and their values are then confined to its workspace.
   * None by default.
   */
  default Set<String> reloadableArgs() {
    return Set.of();
  }

  /**
   * Refuses a RELOAD that would lose data: called before a fresh instance opened with the pod's
   * arguments updated by {@code changes} (empty for a plain RELOAD) replaces this one. Throw, saying
   * why, when the fresh instance would not find data this one holds (kept in memory only, or not yet
   * saved); the RELOAD then fails with FAILED_PRECONDITION and nothing is replaced. It may run while
   * this instance handles a request, so read only state that is safe to read from another thread.
   * Does nothing by default.
   */
  default void checkReload(JsonMap changes) throws Exception {}

  /** Releases what {@link #open} took. Does nothing by default. */
  @Override
  default void close() throws Exception {}
}

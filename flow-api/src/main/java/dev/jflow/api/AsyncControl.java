package dev.jflow.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The control plane of a running Flow, after Jina's control requests, made complete: status, reload,
 * scale, rolling update and dump, each while the Flow keeps serving. On a {@link Client} they travel
 * the wire as {@code ControlRequestProto}s. Failures (an unknown pod, an executor that cannot dump, a
 * replica that fails to open) complete the future with a FlowException naming the problem. Each call
 * returns a future of its own: completing or cancelling it stops only the caller's wait, never the
 * operation, and does not change what another caller sees.
 */
public interface AsyncControl {

  /** Every pod's and replica's state, requests served and in flight, and readiness. */
  CompletableFuture<FlowStatus> status();

  /**
   * Re-creates the executors of pods whose name matches any of the regular expressions (all pods when
   * none is given), one replica at a time: a new instance opens before an old one drains, and requests
   * in flight finish on the old instance. Completes with the names of the reloaded pods. Fails with
   * FAILED_PRECONDITION, replacing nothing, when an executor says a fresh instance would not find its
   * data ({@link dev.jflow.api.spi.Executor#checkReload}), e.g. an index kept in memory only.
   */
  CompletableFuture<List<String>> reload(String... targets);

  /**
   * Sets the number of replicas per shard of {@code pod}. Scaling up opens new replicas; scaling down
   * drains replicas (they finish what they hold) before closing them. No request fails or is lost.
   */
  CompletableFuture<Void> scale(String pod, int replicas);

  /**
   * Replaces the replicas of {@code pod} one at a time with executors opened with {@code with} merged
   * into the pod's arguments (for instance a dump path to load); the pod never has zero ready replicas.
   * Only the arguments the pod's executor declares reloadable ({@link
   * dev.jflow.api.spi.Executor#reloadableArgs}) may change, {@code workspace} and {@code load_path}
   * only when the Flow allows it ({@link FlowSpec#allowReloadPaths()}) and then under the Flow's
   * workspace; anything else fails with INVALID_ARGUMENT naming the argument.
   */
  CompletableFuture<Void> rollingUpdate(String pod, Map<String, ?> with);

  /**
   * Asks every executor of {@code pod} to dump its data to {@code path} in {@code shards} parts
   * ({@link dev.jflow.api.spi.Executor#dump}). A relative {@code path} resolves against the Flow's
   * workspace ({@link FlowSpec#workspace()}); a path outside it (by {@code ..}, as an absolute path or
   * through a symbolic link) fails with INVALID_ARGUMENT and nothing is written.
   */
  CompletableFuture<Void> dump(String pod, String path, int shards);
}

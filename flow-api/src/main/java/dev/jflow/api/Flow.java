package dev.jflow.api;

import java.util.List;

/**
 * The blocking twin of {@link AsyncFlow}: the same calls, returning the responses once every request
 * is answered and throwing {@link FlowException} on failure. Create one with {@link #builder()}.
 *
 * <pre>{@code
 * try (Flow flow = Flow.builder().add("encoder", Encoder::new).add("indexer", Indexer::new).build().start()) {
 *   flow.index(docs);
 *   List<Response> results = flow.search(queries, 10);
 * }
 * }</pre>
 */
public interface Flow extends CrudOperations<List<Response>>, AutoCloseable {

  /** A builder of blocking Flows. */
  static FlowBuilder<Flow> builder() {
    return new FlowBuilder<>(BlockingFlow::new);
  }

  /** A blocking view of {@code flow}. */
  static Flow blocking(AsyncFlow flow) {
    return new BlockingFlow(flow);
  }

  /** The async Flow this one wraps. */
  AsyncFlow async();

  /** The Flow as a Mermaid flowchart; see {@link AsyncFlow#plot()}. */
  default String plot() {
    return async().plot();
  }

  /** Every pod's and replica's state; see {@link AsyncControl#status()}. */
  default FlowStatus status() {
    return dev.jflow.api.internal.Futures.await(async().status());
  }

  /** Reloads the pods matching the regular expressions; see {@link AsyncControl#reload}. */
  default List<String> reload(String... targets) {
    return dev.jflow.api.internal.Futures.await(async().reload(targets));
  }

  /** Sets a pod's replicas per shard; see {@link AsyncControl#scale}. */
  default void scale(String pod, int replicas) {
    dev.jflow.api.internal.Futures.await(async().scale(pod, replicas));
  }

  /** Replaces a pod's replicas one at a time; see {@link AsyncControl#rollingUpdate}. */
  default void rollingUpdate(String pod, java.util.Map<String, ?> with) {
    dev.jflow.api.internal.Futures.await(async().rollingUpdate(pod, with));
  }

  /** Asks a pod's executors to dump their data; see {@link AsyncControl#dump}. */
  default void dump(String pod, String path, int shards) {
    dev.jflow.api.internal.Futures.await(async().dump(pod, path, shards));
  }

  /** Starts the Flow and waits until every pod is ready; returns this Flow. */
  Flow start();

  /** Closes the Flow and waits for every thread to stop. Idempotent. */
  @Override
  void close();
}

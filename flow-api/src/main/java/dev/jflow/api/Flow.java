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

  /** Starts the Flow and waits until every pod is ready; returns this Flow. */
  Flow start();

  /** Closes the Flow and waits for every thread to stop. Idempotent. */
  @Override
  void close();
}

package dev.jflow.api;

/**
 * What a pod does about errors, after Jina's strategies. A pod applies its strategy to requests that
 * reach it already failed upstream, and {@link #THROW_EARLY} to its own failures.
 */
public enum OnErrorStrategy {
  /** Run as usual: a failed request still goes through this pod's executor. */
  IGNORE,
  /** Skip this pod's executor for a failed request, but still run its head, tail and reducers. */
  SKIP_EXECUTOR,
  /** Skip this pod entirely for a failed request; its route is marked ERROR_CHAINED. */
  SKIP_HANDLE,
  /** When this pod's executor fails, answer the request at once: later pods do not run. */
  THROW_EARLY
}

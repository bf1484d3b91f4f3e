package dev.jflow.api;

/** How a sharded pod hands a request to its shards. */
public enum Polling {
  /** One shard takes the request (chosen by the pod's {@link Scheduling}). */
  ANY,
  /** Every shard takes the request; the results are reduced into one. */
  ALL
}

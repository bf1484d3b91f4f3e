package dev.jflow.api;

/** How {@link Polling#ANY} picks a shard. */
public enum Scheduling {
  /** The shard with the fewest requests in hand. */
  LOAD_BALANCE,
  /** Shards in turn. */
  ROUND_ROBIN
}

package dev.jflow.api.spi;

import dev.jflow.api.JsonMap;

/**
 * What an executor learns when it opens.
 *
 * @param pod the name of its pod
 * @param shard its shard index, from 0 (-1 for a pod's head or tail executor)
 * @param replica its replica index within the shard, from 0
 * @param with the pod's {@code with} arguments (a copy; JSON-like values)
 */
public record ExecutorContext(String pod, int shard, int replica, JsonMap with) {
  /** Copies the arguments. */
  public ExecutorContext {
    with = with == null ? new JsonMap() : with.copy();
  }
}

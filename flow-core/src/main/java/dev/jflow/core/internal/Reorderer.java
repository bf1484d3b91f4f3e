package dev.jflow.core.internal;

import dev.jflow.api.Response;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * Holds a call's answered responses until its subscriber takes them: in the order they arrived, or,
 * when results must come back in input order, each only once every request sent before it has been
 * taken. Requests are numbered from 0 in the order they were sent. Not thread-safe: the call guards it.
 */
final class Reorderer {
  private final boolean inOrder;
  private final Queue<Response> arrived = new ArrayDeque<>();
  private final TreeMap<Long, Response> early = new TreeMap<>();
  private long next;

  Reorderer(boolean inOrder) {
    this.inOrder = inOrder;
  }

  /** Adds the response to request number {@code seq}. */
  void add(long seq, Response response) {
    if (inOrder) {
      early.put(seq, response);
    } else {
      arrived.add(response);
    }
  }

  /** The next response to hand over, or null when there is none yet. */
  Response poll() {
    if (!inOrder) {
      return arrived.poll();
    }
    Map.Entry<Long, Response> first = early.firstEntry();
    if (first == null || first.getKey() != next) {
      return null;
    }
    early.pollFirstEntry();
    next++;
    return first.getValue();
  }

  /** How many responses are held, including those waiting for an earlier one. */
  int size() {
    return arrived.size() + early.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }
}

package dev.jflow.core.internal;

import dev.jflow.api.DynamicBatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which waiting requests run next as one dynamic batch ({@link DynamicBatching}): requests group by
 * {@link RequestBatch.Key} in arrival order, a group closing once it holds the preferred size; the
 * first group (by its oldest request) that is full, whose oldest request waited the timeout, or that
 * never batches (a key of null) goes. Pure: the caller holds its queue's lock and keeps the time.
 */
final class BatchForming {
  /** A waiting request as batching sees it. */
  interface Waiting {
    /** What it must share with others to be merged, or null when it runs alone, at once. */
    RequestBatch.Key key();

    /** The documents it adds to a batch. */
    int size();

    /** When it arrived, in {@link System#nanoTime()}. */
    long arrived();
  }

  /** The batch to run now, or none and the {@link System#nanoTime()} at which the oldest one is due. */
  record Choice<T>(List<T> batch, long due) {}

  private final int preferred;
  private final long waitNanos;

  BatchForming(DynamicBatching batching) {
    this.preferred = batching.preferredBatchSize();
    this.waitNanos = batching.timeout().toNanos();
  }

  /**
   * The next batch among {@code waiting} (in arrival order, not empty) at {@code now}; with
   * {@code flush} every group is ready (a closing pod waits no more).
   */
  <T extends Waiting> Choice<T> next(Iterable<T> waiting, long now, boolean flush) {
    List<Group<T>> groups = new ArrayList<>();
    Map<RequestBatch.Key, Group<T>> filling = new HashMap<>();
    for (T t : waiting) {
      RequestBatch.Key key = t.key();
      Group<T> g = key == null ? null : filling.get(key);
      if (g == null) {
        g = new Group<>();
        groups.add(g);
        if (key == null) {
          g.full = true;
        } else {
          filling.put(key, g);
        }
      }
      g.members.add(t);
      g.size += t.size();
      if (key != null && g.size >= preferred) {
        g.full = true;
        filling.remove(key);
      }
    }
    for (Group<T> g : groups) {
      if (g.full || flush || now - g.members.get(0).arrived() >= waitNanos) {
        return new Choice<>(g.members, 0);
      }
    }
    return new Choice<>(null, groups.get(0).members.get(0).arrived() + waitNanos);
  }

  private static final class Group<T> {
    final List<T> members = new ArrayList<>();
    int size;
    boolean full;
  }
}

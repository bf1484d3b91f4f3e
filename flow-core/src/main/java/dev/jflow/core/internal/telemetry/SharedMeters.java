package dev.jflow.core.internal.telemetry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The meter sets of one kind by their tag values, counted by user: the first {@link #open} of a key
 * registers its meters, every open gets a handle of its own, and the last handle's close removes them,
 * so the meters of closed Flows, retired replicas and gone remotes leave the registry.
 */
final class SharedMeters<M extends MeterSet> {
  private final Map<List<String>, M> sets = new HashMap<>(); // guarded by this

  /**
   * A handle on the set of {@code key}, made by {@code make} (given the key and this, the lock its lazy
   * meters register under) when no one uses it; {@code handle} wraps the set and the release to run on close.
   */
  synchronized <H> H open(List<String> key, BiFunction<List<String>, Object, M> make, BiFunction<M, Runnable, H> handle) {
    M set = sets.computeIfAbsent(key, k -> make.apply(k, this));
    set.users++;
    return handle.apply(set, () -> release(key, set));
  }

  private synchronized void release(List<String> key, M set) {
    if (--set.users == 0 && sets.get(key) == set) {
      sets.remove(key);
      set.remove();
    }
  }
}

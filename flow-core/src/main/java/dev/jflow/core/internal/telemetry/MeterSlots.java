package dev.jflow.core.internal.telemetry;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Meters by index (a request type, a status code or both), each registered the first time it is
 * used and then read from an array: the hot path makes no tags and looks up no map. Made lazily
 * because registering every type and status up front would publish thousands of empty histogram series.
 */
final class MeterSlots<M> {
  private final AtomicReferenceArray<M> slots;
  private final IntFunction<M> make;

  MeterSlots(int size, IntFunction<M> make) {
    this.slots = new AtomicReferenceArray<>(size);
    this.make = make;
  }

  /** The meter at {@code i}; two threads racing to make it get the same one, since the registry keeps one per id. */
  M get(int i) {
    M m = slots.get(i);
    if (m == null) {
      m = make.apply(i);
      slots.set(i, m);
    }
    return m;
  }

  /** The meters made so far. */
  void forEach(java.util.function.Consumer<M> action) {
    for (int i = 0; i < slots.length(); i++) {
      M m = slots.get(i);
      if (m != null) {
        action.accept(m);
      }
    }
  }
}
